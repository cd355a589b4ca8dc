/**
 * events.handler-set — which events reach the raw handler of mgos_mqtt_global_subscribe
 * (HIL.RawSub), and what mgos_mqtt_get_global_conn returns (HIL.GlobalConn), judged from
 * the gates' packets against the firmware's `raw_ev` lines:
 * - for each SUBSCRIBE of the raw subscription's filter from the call on (at once when
 *   connected, again after every CONNACK 0), the broker's SUBACK with its packet id must
 *   reach the handler (impl: matched by sub_id, renewed at every re-subscription; the
 *   header says "when first subscribed": a difference, the model follows the impl);
 * - each PUBLISH the broker sends on a matching topic after the call was answered must
 *   reach it, with its topic, QoS and packet id;
 * - nothing else may: a line for CONNACK, PUBACK, CLOSE (which the library hands to the
 *   connection handlers only, whatever issue 16 expected), for a topic that does not match,
 *   or for a SUBACK of another SUBSCRIBE fails. Each PUBACK the broker sent and each
 *   session that closed meanwhile is counted as a judged absence.
 * - HIL.GlobalConn: not NULL over a call made while a session was up at the gate, and
 *   over one made while an attempt's CONNECT waited at the gate for its CONNACK (impl: the
 *   connection is not NULL from the socket's opening, before CONNACK, unlike the doc's
 *   "if it is established"; the model follows the impl); NULL with mqtt disabled at boot,
 *   and after an explicit disconnect whose close the gate saw (no attempt since); never
 *   NULL while mgos_mqtt_global_is_connected says true. Calls between attempts, or
 *   before the gate had the attempt's CONNECT, are shown, not judged.
 *
 * A SUBSCRIBE of a topic also subscribed by HIL.Sub, MQTT.sub or a second HIL.RawSub
 * cannot be told from theirs: its SUBACKs are then not required. Only scenarios that recorded a `raw-sub` or a
 * `global-conn` action are judged; without one the check has nothing to judge.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import type { ActionOf, CheckDefinition, Evidence, Verdict } from '../input.ts';
import { bootAfter } from '../api/js-events.ts';
import { type Connection, isOpenAt, isSession } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import type { EventLine } from '../observe/serial.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'events.handler-set';
const source = cite('impl.raw-sub', 'doc.raw-sub', 'impl.global-conn', 'doc.global-conn');

const NOTHING = 'no raw subscription (record scenario.rawSub) or HIL.GlobalConn (scenario.globalConn) with anything to judge after it';

/** Mongoose's event numbers (mongoose.h): the ones a raw handler gets, and some it must not. */
const EV = { CLOSE: 5, CONNACK: 202, PUBLISH: 203, PUBACK: 204, SUBACK: 209 } as const;
const NAMES: Record<number, string> = { 0: 'POLL', 5: 'EV_CLOSE', 202: 'EV_CONNACK', 203: 'EV_PUBLISH', 204: 'EV_PUBACK', 205: 'EV_PUBREC', 207: 'EV_PUBCOMP', 209: 'EV_SUBACK', 211: 'EV_UNSUBACK' };
const nameOf = (ev: number) => NAMES[ev] ?? `event ${ev}`;

/** Harness ms a handler's line may precede the gate's record of the packet (both stamped on arrival, from two streams). */
const EARLY_MS = 500;
/**
 * Harness ms: an event this near the end of the input may have its line cut off; it is not
 * required there unless the scenario asked the board something at least SETTLE_MS after
 * it (the board reads its socket and its UART in one loop, and its lines and replies share
 * the serial stream in order, so by that reply the line is in). At a time scale of 20 a
 * whole scenario fits in the tail, hence the second rule.
 */
const TAIL_MS = 500;
const SETTLE_MS = 100;
/** Harness ms: a delivery this near its connection's close by the gate or broker may not have reached the device. */
const LOST_BEFORE_CLOSE_MS = 500;

type RawLine = EventLine & { event: Extract<EventLine['event'], { ev: 'raw_ev' }> };

/** One event the raw handler must be called with. */
interface Expected {
  t: number;
  mgEv: number;
  packetId: number;
  topic?: string;
  what: string;
  /** Not required (tail of the input, a delivery cut by a close): a line for it is welcome, its absence no failure. */
  optional: boolean;
}

function rawLines(obs: Observation): RawLine[] {
  return obs.eventLines.filter((l): l is RawLine => l.event.ev === 'raw_ev');
}

function lineMatches(l: RawLine, e: Expected): boolean {
  return sameEvent(l, e) && (e.mgEv === EV.SUBACK || e.packetId === 0 || l.event.packet_id === e.packetId);
}

/** The line is of this event (a SUBACK of its packet id, a PUBLISH of its topic), whatever packet id a PUBLISH line carries. */
function sameEvent(l: RawLine, e: Expected): boolean {
  if (l.event.mg_ev !== e.mgEv || l.t < e.t - EARLY_MS) return false;
  if (e.mgEv === EV.SUBACK) return l.event.packet_id === e.packetId;
  // A QoS 0 PUBLISH carries no packet id (the firmware prints none).
  return l.event.topic === e.topic;
}

/** The SUBACKs and PUBLISHes the raw subscription `r` must be told of. */
function expectedFor(obs: Observation, r: ActionOf<'raw-sub'>, until: number, shared: boolean): Expected[] {
  const out: Expected[] = [];
  const inTail = (t: number) => t >= obs.end - TAIL_MS && !obs.input.actions.some((a) => a.t > t + SETTLE_MS);
  if (!shared) {
    for (const c of obs.connections) {
      for (const p of c.packets) {
        if (p.dir !== 'in' || p.type !== 'subscribe' || p.t < r.t || p.t >= until) continue;
        if (!(p.subscriptions ?? []).some((s) => s.topic === r.topic)) continue;
        const ack = c.packets.find((a) => a.dir === 'out' && a.type === 'suback' && a.packetId === p.packetId && a.t >= p.t);
        if (ack === undefined || ack.t >= until) continue;
        out.push({ t: ack.t, mgEv: EV.SUBACK, packetId: ack.packetId ?? 0, what: `SUBACK ${ack.packetId} of the SUBSCRIBE ${r.topic} on ${c.broker}#${c.conn}`, optional: inTail(ack.t) });
      }
    }
  }
  for (const d of obs.deliveries) {
    const p = d.packet;
    if (p.t <= r.repliedAt || p.t >= until || p.topic === undefined || !topicMatches(r.topic, p.topic)) continue;
    const close = d.connection.close;
    const cut = close !== undefined && close.by !== 'device' && close.t - p.t < LOST_BEFORE_CLOSE_MS;
    const qos = p.qos ?? 0;
    out.push({
      t: p.t,
      mgEv: EV.PUBLISH,
      packetId: qos > 0 ? (p.packetId ?? 0) : 0,
      topic: p.topic,
      what: `PUBLISH ${p.topic} qos ${qos}${qos > 0 ? ` id ${p.packetId}` : ''} from ${d.connection.broker}#${d.connection.conn}`,
      optional: cut || inTail(p.t),
    });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** What mgos_mqtt_get_global_conn must have returned over the call, or undefined where the model does not decide. */
function expectedConn(obs: Observation, g: ActionOf<'global-conn'>): { conn: boolean; why: string } | undefined {
  if (!obs.input.config.mqtt.enable) return { conn: false, why: 'mqtt.enable was false at boot: no connection object' };
  const up = obs.sessions.find((s) => s.connack!.t < g.t && isOpenAt(s, g.t) && isOpenAt(s, g.repliedAt));
  if (up !== undefined) return { conn: true, why: `session ${up.broker}#${up.conn} up over the call` };
  const waiting = obs.connections.find((c) => c.connect !== undefined && c.connect.t < g.t && isOpenAt(c, g.t) && isOpenAt(c, g.repliedAt));
  if (waiting !== undefined) return { conn: true, why: `${waiting.broker}#${waiting.conn} open over the call, its CONNECT at the gate before it (the connection exists from the attempt's start, before the CONNACK)` };
  const disconnect = [...obs.actionsOf('disconnect')].reverse().find((d) => d.t < g.t);
  if (disconnect === undefined) return undefined;
  const connectSince = obs.actionsOf('connect').some((c) => c.t > disconnect.t && c.t < g.repliedAt);
  const ended: Connection | undefined = obs.connections.find((c) => isOpenAt(c, disconnect.t) && c.close !== undefined && c.close.t < g.t);
  const acceptSince = obs.connections.some((c) => c.accept > disconnect.t && c.accept <= g.repliedAt);
  if (ended === undefined || connectSince || acceptSince) return undefined;
  return { conn: false, why: `after HIL.Disconnect closed ${ended.broker}#${ended.conn}, no attempt since` };
}

export function run(obs: Observation): Verdict {
  const rawSubs = obs.actionsOf('raw-sub');
  const globalConns = obs.actionsOf('global-conn');
  if (rawSubs.length === 0 && globalConns.length === 0) {
    return judgeCounted(id, 0, [], { pass: () => '', nothing: NOTHING }, { expected: null, observed: null, evidence: [], source });
  }
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const expectedOut: unknown[] = [];
  let judged = 0;
  const lines = rawLines(obs);
  const used = new Set<RawLine>();
  const otherSubs = [...obs.actionsOf('sub'), ...obs.actionsOf('js-sub')];

  for (const r of rawSubs) {
    const until = bootAfter(obs, r.t);
    evidence.push({ t: r.t, what: `HIL.RawSub ${r.topic}` });
    // A SUBSCRIBE of this topic may be another subscription's (HIL.Sub, MQTT.sub, a second HIL.RawSub of it).
    const shared = otherSubs.some((s) => s.topic === r.topic && s.t < until) || rawSubs.some((x) => x !== r && x.topic === r.topic && x.t < until);
    const mine = lines.filter((l) => l.event.filter === r.topic && l.t >= r.t && l.t < until);
    const expected = expectedFor(obs, r, until, shared);
    for (const e of expected) {
      const line = mine.find((l) => !used.has(l) && lineMatches(l, e));
      evidence.push({ t: e.t, what: e.what });
      // A call for this PUBLISH that names another packet id (or none): the handler was told the wrong message.
      const misnamed = line === undefined && e.packetId !== 0 ? mine.find((l) => !used.has(l) && sameEvent(l, e)) : undefined;
      if (misnamed !== undefined) {
        used.add(misnamed);
        judged++;
        evidence.push({ t: misnamed.t, what: misnamed.text });
        problems.push(`${e.what}, but the raw handler of ${r.topic} was called with packet id ${misnamed.event.packet_id ?? '(none)'}`);
        continue;
      }
      if (line !== undefined) {
        used.add(line);
        evidence.push({ t: line.t, what: `raw handler: ${nameOf(e.mgEv)}${e.topic ? ` ${e.topic}` : ''} id ${e.packetId}` });
      }
      // An event not required still counts once its line is there.
      if (e.optional && line === undefined) continue;
      judged++;
      expectedOut.push({ filter: r.topic, mg_ev: e.mgEv, packet_id: e.packetId, ...(e.topic ? { topic: e.topic } : {}) });
      if (line === undefined) problems.push(`${e.what}, but the raw handler of ${r.topic} was never called with ${e.mgEv} (${nameOf(e.mgEv)})`);
    }
    // The absences the library promises: PUBACKs and closes go to the connection handlers only.
    for (const s of obs.connections) {
      for (const p of s.packets) {
        if (p.dir === 'out' && p.type === 'puback' && p.t > r.repliedAt && p.t < until) {
          judged++;
          evidence.push({ t: p.t, what: `PUBACK ${p.packetId} from ${s.broker}: for the connection handlers only` });
        }
      }
      if (isSession(s) && s.close !== undefined && s.close.t > r.repliedAt && s.close.t < until) {
        judged++;
        evidence.push({ t: s.close.t, what: `${s.broker}#${s.conn} closed (${s.close.by}): for the connection handlers only` });
      }
    }
    for (const l of mine) {
      if (used.has(l)) continue;
      const ev = l.event.mg_ev;
      if (ev !== EV.PUBLISH && ev !== EV.SUBACK) {
        problems.push(`the raw handler of ${r.topic} was called with ${ev} (${nameOf(ev)}), which the library hands to the connection handlers only`);
      } else if (ev === EV.PUBLISH && (l.event.topic === undefined || !topicMatches(r.topic, l.event.topic))) {
        problems.push(`the raw handler of ${r.topic} was called with a PUBLISH on ${l.event.topic}, which its filter does not match`);
      } else if (ev === EV.PUBLISH && l.t > r.repliedAt + EARLY_MS && !expected.some((e) => lineMatches(l, e))) {
        problems.push(`the raw handler of ${r.topic} was called with a PUBLISH ${l.event.topic} id ${l.event.packet_id} that the broker never sent`);
      } else if (ev === EV.SUBACK && !shared && !expected.some((e) => lineMatches(l, e))) {
        problems.push(`the raw handler of ${r.topic} was called with SUBACK ${l.event.packet_id}, which answers no SUBSCRIBE of its own`);
      } else {
        continue;
      }
      evidence.push({ t: l.t, what: `raw handler: ${nameOf(ev)} (unexpected)` });
    }
  }

  for (const g of globalConns) {
    const want = expectedConn(obs, g);
    const what = `HIL.GlobalConn: conn ${g.conn ? 'not NULL' : 'NULL'}, connected ${g.connected}`;
    evidence.push({ t: g.t, what: want ? `${what} (expected ${want.conn ? 'not NULL' : 'NULL'}: ${want.why})` : `${what} (not judged: no steady state)` });
    if (g.connected && !g.conn) problems.push('mgos_mqtt_get_global_conn() returned NULL while mgos_mqtt_global_is_connected() said true');
    if (want === undefined) continue;
    judged++;
    expectedOut.push({ global_conn: want.conn, why: want.why });
    if (g.conn !== want.conn) problems.push(`mgos_mqtt_get_global_conn() returned ${g.conn ? 'a connection' : 'NULL'}; expected ${want.conn ? 'a connection' : 'NULL'} (${want.why})`);
  }

  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} judgement(s): the raw handler got each SUBACK of its own and each matching PUBLISH, and no PUBACK, CLOSE or other event; mgos_mqtt_get_global_conn agreed with the connection's state`,
    nothing: NOTHING,
  }, {
    expected: expectedOut,
    observed: {
      rawLines: lines.map((l) => ({ filter: l.event.filter, mg_ev: l.event.mg_ev, ...(l.event.topic === undefined ? {} : { topic: l.event.topic }), ...(l.event.packet_id === undefined ? {} : { packet_id: l.event.packet_id }) })),
      globalConn: globalConns.map((g) => ({ conn: g.conn, connected: g.connected })),
    },
    evidence,
    source,
  });
}

export const eventsHandlerSet: CheckDefinition = {
  id,
  needs:
    'a `raw-sub` action (HIL.RawSub) followed by device SUBSCRIBEs of its topic with their SUBACKs and broker PUBLISHes on matching topics (PUBACKs and a session close show the absences), and the firmware\'s `raw_ev` lines; or `global-conn` actions (HIL.GlobalConn) made while a session was up, after an explicit disconnect, or with mqtt disabled at boot.',
  run,
};
