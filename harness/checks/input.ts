/**
 * What a check receives and returns. A scenario records its own actions (what it asked
 * the board and the peer client to do, with what result) stamped with the harness clock,
 * next to the timeline the harness observed; checks judge the two against the model.
 */
import * as z from 'zod';
import type { CheckId } from '../contract/check-ids.ts';
import { CONNECT_FN_MODES, PUBF_CASES } from '../contract/hil.ts';
import { mqttSection, type MqttSection } from '../contract/mqtt-config.ts';
import { BOARD_FILE_CONTENTS } from '../contract/tls.ts';
import type { SourceRef } from '../model/sources.ts';
import type { Observation } from './observe/observation.ts';
import { brokerName, type TimelineEvent } from '../timeline/events.ts';

const t = z.number();
const qos = z.int().min(0).max(2);

/** Some mqtt keys, each valid for its field. (`mqttSection.partial()` would fill in every default.) */
const mqttPatch = z.custom<Partial<MqttSection>>(
  (v) =>
    typeof v === 'object' && v !== null &&
    Object.entries(v).every(([k, x]) => {
      const field = (mqttSection.shape as Record<string, z.ZodType>)[k];
      return field?.safeParse(x).success === true;
    }),
  { message: 'expected mqtt config keys with valid values' },
);

export const scenarioAction = z.discriminatedUnion('kind', [
  /** HIL.Pub: `packetId` is what it returned; `connected` whether MQTT was connected when called (HIL.Status or events). */
  z.object({
    kind: z.literal('pub'), t,
    topic: z.string(), payload: z.string(), qos, retain: z.boolean().optional(),
    packetId: z.int().min(0).max(65535),
    connected: z.boolean(),
  }),
  /** HIL.Sub (no qos: the library's default, 1). */
  z.object({ kind: z.literal('sub'), t, topic: z.string(), qos: qos.optional() }),
  /** HIL.Unsub. */
  /** `removed`: what HIL.Unsub (mgos_mqtt_unsub) returned, when recorded. */
  z.object({ kind: z.literal('unsub'), t, topic: z.string(), removed: z.boolean().optional() }),
  /** HIL.SetMaxQoS (a runtime override of the cap). */
  z.object({ kind: z.literal('set-max-qos'), t, qos }),
  /** HIL.Connect (mgos_mqtt_global_connect). */
  z.object({ kind: z.literal('connect'), t }),
  /** HIL.Disconnect (mgos_mqtt_global_disconnect). */
  z.object({ kind: z.literal('disconnect'), t }),
  /** HIL.JS.Pub (JS MQTT.pub): `result` is what it returned; `connected` as for `pub`. */
  z.object({
    kind: z.literal('js-pub'), t,
    topic: z.string(), payload: z.string(), qos, retain: z.boolean().optional(),
    result: z.int(),
    connected: z.boolean(),
  }),
  /** HIL.JS.Sub (JS MQTT.sub: the library's QoS 1). */
  z.object({ kind: z.literal('js-sub'), t, topic: z.string() }),
  /** HIL.JS.IsConnected: `result` is what it returned; `connected` what HIL.Status said just before and after (both the same). */
  z.object({ kind: z.literal('js-is-connected'), t, result: z.boolean(), connected: z.boolean() }),
  /** HIL.JS.SetEventHandler (JS MQTT.setEventHandler). */
  z.object({ kind: z.literal('js-set-event-handler'), t, added: z.boolean() }),
  /**
   * HIL.PacketIds: `count` calls of mgos_mqtt_get_packet_id, as the firmware reported them
   * (the first and last id, how many were 0, how many times the counter went round).
   */
  z.object({
    kind: z.literal('packet-ids'), t,
    count: z.int().min(1),
    first: z.int().min(0).max(65535),
    last: z.int().min(0).max(65535),
    zeros: z.int().min(0),
    wraps: z.int().min(0),
  }),
  /**
   * HIL.SetTime: the wall clock set to `epoch` (seconds) at some moment between `t` (the
   * call) and `repliedAt` (the reply, harness ms); `before`/`after` are mg_time() as the
   * firmware read it around mgos_settimeofday.
   */
  z.object({ kind: z.literal('set-time'), t, repliedAt: t, epoch: z.int().min(0), before: z.int().min(0), after: z.int().min(0) }),
  /**
   * HIL.Pubf: one of the firmware's fixed json_printf cases published through
   * mgos_mqtt_pubf/pubv; `packetId` is what the call returned, `connected` what HIL.Status
   * said just before.
   */
  z.object({
    kind: z.literal('pubf'), t,
    topic: z.string(), case: z.enum(PUBF_CASES), qos, retain: z.boolean(),
    packetId: z.int().min(0).max(65535),
    connected: z.boolean(),
  }),
  /** HIL.Status as the scenario read it: `unsentBytes` is what mgos_mqtt_num_unsent_bytes returned. */
  z.object({ kind: z.literal('status'), t, connected: z.boolean(), unsentBytes: z.int().min(0), queueLen: z.int().min(0) }),
  /** Board reset without DISCONNECT (DTR/RTS, Sys.Reboot, power cut): the MQTT session is lost abruptly. */
  z.object({ kind: z.literal('reset'), t, how: z.string().optional() }),
  /**
   * Config.Set of mqtt/mqtt1 keys, applied at `t` (the library reads these live, except
   * mqtt.enable); `debug`: the library's console topics (read live at every write).
   */
  z.object({
    kind: z.literal('config'), t,
    mqtt: mqttPatch.optional(), mqtt1: mqttPatch.optional(),
    debug: z.strictObject({ stdout_topic: z.string().optional(), stderr_topic: z.string().optional() }).optional(),
  }),
  /** The harness's peer client subscribed on a broker. */
  z.object({ kind: z.literal('peer-subscribe'), t, broker: brokerName, topic: z.string(), qos: qos.optional() }),
  /** The peer client published on a broker. */
  z.object({ kind: z.literal('peer-publish'), t, broker: brokerName, topic: z.string(), qos, retain: z.boolean().optional(), payload: z.string() }),
  /** The peer client received a message. */
  z.object({
    kind: z.literal('peer-received'), t, broker: brokerName,
    topic: z.string(), payload: z.string(), qos, dup: z.boolean().optional(), retain: z.boolean().optional(),
  }),
  /**
   * HIL.SetConnectFn: the firmware's connect callback installed (`on`) or unset (`off`,
   * the library's own CONNECT) at some moment between `t` (the call) and `repliedAt` (the
   * reply, harness ms); `applied` is what the firmware answered (false: no connection object).
   */
  z.object({ kind: z.literal('set-connect-fn'), t, repliedAt: t, mode: z.enum(CONNECT_FN_MODES), applied: z.boolean() }),
  /**
   * HIL.RawSub: mgos_mqtt_global_subscribe(topic) with the firmware's raw handler, called
   * at `t`, answered at `repliedAt` (harness ms): from then on the handler is in place.
   */
  z.object({ kind: z.literal('raw-sub'), t, repliedAt: t, topic: z.string() }),
  /**
   * HIL.GlobalConn between `t` and `repliedAt`: whether mgos_mqtt_get_global_conn() was
   * not NULL (`conn`) and what mgos_mqtt_global_is_connected() said (`connected`).
   */
  z.object({ kind: z.literal('global-conn'), t, repliedAt: t, conn: z.boolean(), connected: z.boolean() }),
  /**
   * FS.Put of a whole file by the harness (before `t`, the call that finished it): what the
   * harness wrote there, so checks know a file's content without the board's word.
   */
  z.object({ kind: z.literal('board-file'), t, name: z.string(), content: z.enum(BOARD_FILE_CONTENTS) }),
]);
export type ScenarioAction = z.infer<typeof scenarioAction>;
export type ActionOf<K extends ScenarioAction['kind']> = Extract<ScenarioAction, { kind: K }>;

// The ids live in the contract (report and kill matrix read them too); re-exported for the checks.
export { checkIds, type CheckId } from '../contract/check-ids.ts';

export interface BoardInfo {
  name: string;
  deviceId: string;
  /** Device seconds per wall second (1 for a physical board). */
  timeScale: number;
  /** Tolerance of timing windows, device ms (already covering the measured host lag). */
  epsilonMs: number;
  /**
   * Worst event-loop lateness while the scenario was watched, wall ms: the worse of the
   * harness's and (a virtual board's `lag_ms`) the board's (absent: not measured). It
   * decides "host overloaded" and widens the pairing of serial lines with accepts; ε above
   * already holds the two added (runner/scenario.ts, `input()`).
   */
  hostLagMs?: number;
}

export interface CheckInput {
  board: BoardInfo;
  /** The config in force when the scenario started (later `config` actions change it). */
  config: { mqtt: MqttSection; mqtt1: MqttSection };
  /** The scenario's slice of the timeline. */
  events: TimelineEvent[];
  /** What the scenario did, on the same clock. */
  actions: ScenarioAction[];
}

export interface Evidence {
  t?: number;
  what: string;
}

export interface Verdict {
  id: CheckId;
  verdict: 'pass' | 'fail' | 'skip';
  expected: unknown;
  observed: unknown;
  evidence: Evidence[];
  source: SourceRef[];
  /** One line a human reads. */
  reason: string;
  /**
   * Judged because its evidence was in the scenario, though the scenario did not ask for
   * it (see `judgeScenario`). Absent for the checks a scenario requires.
   */
  incidental?: true;
}

/**
 * A check judges one observation of a scenario (`obs.input` is the raw input; the views
 * on it are computed once and shared by every check, see `observe/observation.ts`).
 */
export type Check = (obs: Observation) => Verdict;

export interface CheckDefinition {
  id: CheckId;
  /**
   * What the scenario must record for the check to judge. Said here only (the check's
   * header refers to it), so the two cannot drift apart.
   */
  needs: string;
  run: Check;
}
