/**
 * Small builders for synthetic timelines, so a check's test reads like the behaviour:
 * `b.closedPort('mqtt'); b.wait(2000); b.closedPort('mqtt')`. Time advances only through
 * `wait` (device ms, converted with the board's time scale); every event is stamped with
 * the cursor.
 */
import type { CheckInput, ScenarioAction } from '../../harness/checks/input.ts';
import type { HilEvent } from '../../harness/contract/hil.ts';
import type { ConfigName } from '../../harness/model/schedule.ts';
import type { BrokerName, EventOf, TimelineEvent } from '../../harness/timeline/events.ts';
import { mqttSection, type MqttSection } from '../../harness/virtual/config/schema.ts';

export const PRIMARY = '10.0.0.1:1883';
export const BACKUP = '10.0.0.2:1883';
export const DEVICE_ID = 'esp32_1CA848';

type Distribute<T> = T extends unknown ? Omit<T, 't'> : never;
export type ActionInput = Distribute<ScenarioAction>;
type PacketFields = Partial<Omit<EventOf<'mqtt.packet'>, 'kind' | 't' | 'broker' | 'conn' | 'dir' | 'type'>>;

export interface Conn {
  broker: BrokerName;
  conn: number;
}

export interface BuilderOptions {
  timeScale?: number;
  epsilonMs?: number;
  mqtt?: Partial<MqttSection>;
  mqtt1?: Partial<MqttSection>;
  deviceId?: string;
}

export const brokerOf = (server: ConfigName): BrokerName => (server === 'mqtt' ? 'primary' : 'backup');

export class TimelineBuilder {
  /** Harness ms. */
  t = 1000;
  readonly events: TimelineEvent[] = [];
  readonly actions: ScenarioAction[] = [];
  readonly timeScale: number;
  readonly epsilonMs: number;
  readonly mqtt: MqttSection;
  readonly mqtt1: MqttSection;
  readonly deviceId: string;
  #conns = { primary: 0, backup: 0 };
  #open = new Set<string>();

  constructor(opts: BuilderOptions = {}) {
    this.timeScale = opts.timeScale ?? 1;
    this.epsilonMs = opts.epsilonMs ?? 50;
    this.mqtt = mqttSection.parse({ enable: true, server: PRIMARY, ...opts.mqtt });
    this.mqtt1 = mqttSection.parse({ server: '', ...opts.mqtt1 });
    this.deviceId = opts.deviceId ?? DEVICE_ID;
  }

  /** Advance by device ms. */
  wait(deviceMs: number): this {
    this.t += deviceMs / this.timeScale;
    return this;
  }

  /** A tiny step (0.5 harness ms) so events at "the same moment" keep their order. */
  tick(): this {
    this.t += 0.5;
    return this;
  }

  log(message: string, file = 'mgos_mqtt_conn.c', line = 442): this {
    const text = `${`${file}:${line}`.padEnd(24)}${message}`;
    this.events.push({ kind: 'serial', t: this.t, board: 'dut', line: { type: 'log', text, file, line, message } });
    return this;
  }

  hil(event: HilEvent): this {
    this.events.push({ kind: 'serial', t: this.t, board: 'dut', line: { type: 'event', text: `HIL ${JSON.stringify(event)}`, event } });
    return this;
  }

  banner(): this {
    this.events.push({ kind: 'serial', t: this.t, board: 'dut', line: { type: 'banner', text: 'Mongoose OS 2.20.0 (20211018-101800)', field: 'mongoose-os', reboot: true } });
    return this;
  }

  act(a: ActionInput): this {
    this.actions.push({ ...a, t: this.t } as ScenarioAction);
    return this;
  }

  fault(broker: BrokerName, fault: string, params: Record<string, unknown> = {}): this {
    this.events.push({ kind: 'fault', t: this.t, broker, fault, params });
    return this;
  }

  address(server: ConfigName): string {
    return server === 'mqtt' ? this.mqtt.server : this.mqtt1.server;
  }

  /** `MQTT0 connecting after N ms` (the delay the device drew). */
  loggedDelay(ms: number): this {
    return this.log(`MQTT0 connecting after ${Math.round(ms)} ms`, 'mgos_mqtt_conn.c', 527);
  }

  /** An attempt on a closed port: only the serial log shows it. */
  closedPort(server: ConfigName): this {
    this.log(`MQTT0 connecting to ${this.address(server)}`).tick();
    this.log('MQTT0 TCP connected error (111)', 'mgos_mqtt_conn.c', 187).tick();
    return this.log('MQTT0 disconnected', 'mgos_mqtt_conn.c', 221);
  }

  accept(server: ConfigName, serial = true): Conn {
    const broker = brokerOf(server);
    const c = { broker, conn: this.#conns[broker]++ };
    if (serial) this.log(`MQTT0 connecting to ${this.address(server)}`).tick();
    this.events.push({ kind: 'tcp.accept', t: this.t, ...c, remote: '10.0.0.50:51000' });
    this.#open.add(`${broker}#${c.conn}`);
    if (serial) this.tick().log('MQTT0 TCP connected ok (0)', 'mgos_mqtt_conn.c', 187);
    return c;
  }

  /**
   * A connection the gate accepted before the slice (the previous boot's socket): its
   * `tcp.accept` is not in the input, only what happens on it later (`close`, `packet`).
   */
  carriedOver(server: ConfigName): Conn {
    return { broker: brokerOf(server), conn: 1000 + this.#conns[brokerOf(server)]++ };
  }

  close(c: Conn, by: 'device' | 'gate' | 'broker' = 'gate', how: 'fin' | 'rst' | 'error' = 'fin'): this {
    this.events.push({ kind: 'tcp.close', t: this.t, ...c, by, how });
    // The board logs the loss of its own connection only, not of one carried over from before the slice.
    if (!this.#open.delete(`${c.broker}#${c.conn}`)) return this;
    return this.tick().log('MQTT0 disconnected', 'mgos_mqtt_conn.c', 221);
  }

  packet(c: Conn, dir: 'in' | 'out', type: EventOf<'mqtt.packet'>['type'], fields: PacketFields = {}): this {
    this.events.push({ kind: 'mqtt.packet', t: this.t, ...c, dir, type, ...fields });
    return this;
  }

  /** The CONNECT a correct device sends with the config of `server`. */
  connect(c: Conn, server: ConfigName, override: Partial<NonNullable<PacketFields['connect']>> = {}): this {
    const cfg = server === 'mqtt' ? this.mqtt : this.mqtt1;
    const will = cfg.will_topic && cfg.will_message ? { topic: cfg.will_topic, payload: cfg.will_message, qos: 0, retain: cfg.will_retain } : undefined;
    return this.packet(c, 'in', 'connect', {
      connect: {
        clientId: cfg.client_id || this.deviceId,
        protocolVersion: 4,
        clean: cfg.clean_session,
        keepalive: cfg.keep_alive || 60,
        ...(cfg.user ? { username: cfg.user } : {}),
        hasPassword: cfg.pass !== '',
        ...(will ? { will } : {}),
        ...override,
      },
    });
  }

  /** TCP accept, CONNECT, CONNACK <code>; a refusal is followed by the close. */
  refused(server: ConfigName, code = 5): Conn {
    const c = this.accept(server);
    this.tick().connect(c, server).tick().packet(c, 'out', 'connack', { returnCode: code });
    this.tick().log(`MQTT0 CONNACK ${code}`, 'mgos_mqtt_conn.c', 241);
    this.tick().close(c, 'device');
    return c;
  }

  /** Accepted then reset at once by the gate (fault refuse-rst). */
  rst(server: ConfigName): Conn {
    const c = this.accept(server);
    this.tick().close(c, 'gate', 'rst');
    return c;
  }

  /** A working session: accept, CONNECT, CONNACK 0, and the device re-subscribing `subs`. */
  session(server: ConfigName, subs: { topic: string; qos: number }[] = [], connectOverride: Partial<NonNullable<PacketFields['connect']>> = {}): Conn {
    const c = this.accept(server);
    this.tick().connect(c, server, connectOverride).tick().packet(c, 'out', 'connack', { returnCode: 0, sessionPresent: false });
    this.tick().log('MQTT0 CONNACK 0', 'mgos_mqtt_conn.c', 241);
    let id = 100;
    for (const s of subs) {
      this.tick().log(`MQTT0 sub ${s.topic} @ ${s.qos}`, 'mgos_mqtt_conn.c', 169);
      this.packet(c, 'in', 'subscribe', { packetId: id++, subscriptions: [s] });
      this.tick().packet(c, 'out', 'suback', { packetId: id - 1, granted: [s.qos] });
    }
    this.tick().hil({ ev: 'connack', code: 0, t: Math.round(this.t) });
    return c;
  }

  /** The device publishes on the wire. */
  publish(c: Conn, topic: string, payload: string, qos: number, dup = false, packetId?: number): this {
    return this.packet(c, 'in', 'publish', { topic, payload, qos, dup, retain: false, ...(qos > 0 ? { packetId } : {}) });
  }

  /** The input a scenario hands to the checks; the slice ends at the cursor (a `note` marks it). */
  build(): CheckInput {
    this.events.push({ kind: 'note', t: this.t, text: 'scenario end' });
    return {
      board: { name: 'dut', deviceId: this.deviceId, timeScale: this.timeScale, epsilonMs: this.epsilonMs },
      config: { mqtt: this.mqtt, mqtt1: this.mqtt1 },
      events: [...this.events].sort((a, b) => a.t - b.t),
      actions: [...this.actions].sort((a, b) => a.t - b.t),
    };
  }
}

export type AttemptKind = 'closed' | 'rst' | 'refused' | 'session';

export interface PlannedAttempt {
  server: ConfigName;
  /** Device ms after the previous attempt ended (ignored for the first). */
  delayMs: number;
  kind?: AttemptKind;
  /** For a session: device ms it lasts before the gate drops it. */
  holdMs?: number;
  /** Log `connecting after <delayMs>` before the attempt (default true). */
  logged?: boolean;
}

/** Plays attempts back to back: wait the delay, attempt, (for a session) hold and drop. */
export function playAttempts(b: TimelineBuilder, plan: PlannedAttempt[]): TimelineBuilder {
  plan.forEach((p, i) => {
    if (i > 0) {
      if (p.logged !== false) b.tick().loggedDelay(p.delayMs);
      b.wait(p.delayMs);
    }
    const kind = p.kind ?? 'closed';
    if (kind === 'closed') b.closedPort(p.server);
    else if (kind === 'rst') b.rst(p.server);
    else if (kind === 'refused') b.refused(p.server);
    else {
      const c = b.session(p.server);
      b.wait(p.holdMs ?? 5000).close(c, 'gate');
    }
  });
  return b;
}

/** A fuzz factor that is spread over ±10 % but reproducible: 0.93, 1.06, 0.97, 1.08, 0.91, 1.02 … */
export function fuzz(i: number): number {
  return [0.93, 1.06, 0.97, 1.08, 0.91, 1.02, 0.95, 1.04][i % 8]!;
}

/** Delays in device ms, each fuzzed. */
export function fuzzed(nominalsS: number[]): number[] {
  return nominalsS.map((s, i) => Math.round(s * 1000 * fuzz(i)));
}

export function attempts(server: ConfigName, delaysMs: number[], kind: AttemptKind = 'closed'): PlannedAttempt[] {
  return delaysMs.map((delayMs) => ({ server, delayMs, kind }));
}
