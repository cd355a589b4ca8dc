/**
 * The virtual board against aedes behind the harness's own fault gate with `qos0-only`
 * (AWS Greengrass: a PUBLISH or SUBSCRIBE asking for QoS > 0 closes the connection). A
 * QoS 1 publish is queued while the cap is 2 (the gate cuts it), then the cap is lowered
 * to 0 before the replay. The model caps at send time ("QoS downgrade"): the replay goes
 * out at QoS 0 and the session stays. The library replays the QoS it stored when queueing
 * (mqtt-client-behaviour.md, "Defects of the implementation", item 4; src/mgos_mqtt_conn.c),
 * so `lib-replay-stored-qos` is cut at every CONNACK.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { Broker } from '../../../harness/brokers/broker.ts';
import type { EventOf } from '../../../harness/timeline/events.ts';
import { Timeline } from '../../../harness/timeline/timeline.ts';
import { type DeviceConfig, defaultDeviceConfig } from '../../../harness/virtual/config/schema.ts';
import { ScaledClock } from '../../../harness/virtual/device-clock.ts';
import { MqttClient } from '../../../harness/virtual/mqtt/client.ts';
import { builtInPersonality, faithful, type Personality } from '../../../harness/virtual/personalities/index.ts';
import { mulberry32 } from '../../../harness/virtual/random.ts';

/** Device ms per wall ms: the 2 s reconnect delay takes ~100 ms of wall time. */
const SCALE = 20;
const KEEP_ALIVE_S = 2;
/** Wall-time deadline for one expected event (a reconnect is ~110 ms of wall time at most). */
const WAIT_MS = 5000;
/** Sessions after the downgrade that must each be cut for the personality ("cut at every CONNACK"). */
const CUT_SESSIONS = 5;

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

type Packet = EventOf<'mqtt.packet'>;
type Close = EventOf<'tcp.close'>;
const isPacket = (e: { kind: string }): e is Packet => e.kind === 'mqtt.packet';
const isClose = (e: { kind: string }): e is Close => e.kind === 'tcp.close';

interface Rig {
  timeline: Timeline;
  client: MqttClient;
  config: DeviceConfig;
  /** Wall time of the gate's cut of the session that carried the QoS 1 publish. */
  cutAt: number;
  cutConn: number;
}

/** A board with `personality` on a qos0-only broker; returns once its QoS 1 publish was cut and the cap lowered to 0. */
async function queuedThenDowngraded(personality: Personality): Promise<Rig> {
  const timeline = new Timeline();
  const broker = await Broker.start({ name: 'primary', timeline, host: '127.0.0.1', port: 0 });
  cleanups.push(() => broker.close());
  await broker.setFault({ fault: 'qos0-only' });
  const clock = new ScaledClock(SCALE);
  const config = defaultDeviceConfig();
  Object.assign(config.mqtt, { enable: true, server: `127.0.0.1:${broker.port}`, keep_alive: KEEP_ALIVE_S });
  const client = new MqttClient({
    clock,
    random: mulberry32(2026),
    config: () => config,
    deviceId: 'esp32_1CA848',
    connectTcp: (host, port) => net.connect({ host, port }),
    log: () => {},
    event: () => {},
    logVariant: 'master',
    personality,
  });
  cleanups.push(() => clock.cancelAll(), () => client.destroy());
  client.boot();
  client.onIpAcquired();
  const first = await timeline.waitFor((e): e is Packet => isPacket(e) && e.type === 'connack' && e.returnCode === 0, {
    timeoutMs: WAIT_MS,
    description: 'the first CONNACK 0',
  });
  client.pub('hil/gg/out', 'before-downgrade', 1);
  const cut = await timeline.waitFor((e): e is Close => isClose(e) && e.conn === first.conn && e.by === 'gate', {
    timeoutMs: WAIT_MS,
    since: first.t,
    description: 'the gate cutting the QoS 1 publish made under cap 2',
  });
  assert.equal(client.status().queue_len, 1, 'the unacknowledged QoS 1 publish stays queued');
  // Config max_qos is read live: the next CONNACK, ~2 s of device time later, replays under cap 0.
  config.mqtt.max_qos = 0;
  return { timeline, client, config, cutAt: cut.t, cutConn: cut.conn };
}

function nextConnack(rig: Rig, after: { t: number; conn: number }): Promise<Packet> {
  return rig.timeline.waitFor((e): e is Packet => isPacket(e) && e.type === 'connack' && e.returnCode === 0 && e.conn > after.conn, {
    timeoutMs: WAIT_MS,
    since: after.t,
    description: `a CONNACK 0 on a connection after #${after.conn}`,
  });
}

function publishesOn(rig: Rig, conn: number): Packet[] {
  return rig.timeline.events({ kind: 'mqtt.packet', conn }, (e) => e.dir === 'in' && e.type === 'publish');
}

const label = (p: Packet) => `${p.payload}@${p.qos}${p.dup ? '*' : ''}`;

describe('a QoS 1 publish queued under cap 2, replayed after the cap is lowered to 0, on a qos0-only broker (aedes on 127.0.0.1)', () => {
  it('faithful: the replay goes out once at QoS 0, DUP 0, and the session stays past a keep-alive round trip', async () => {
    const rig = await queuedThenDowngraded(faithful);
    const session = await nextConnack(rig, { t: rig.cutAt, conn: rig.cutConn });
    await rig.timeline.waitFor((e) => isPacket(e) && e.conn === session.conn && e.type === 'publish' && e.dir === 'in', {
      timeoutMs: WAIT_MS,
      since: session.t,
      description: 'the replay on the new session',
    });
    rig.client.pub('hil/gg/out', 'downgraded', 1);
    await rig.timeline.waitFor((e) => isPacket(e) && e.conn === session.conn && e.type === 'pingresp', {
      timeoutMs: WAIT_MS,
      since: session.t,
      description: 'a PINGRESP on the session (it outlived a keep-alive)',
    });
    assert.deepEqual(publishesOn(rig, session.conn).map(label), ['before-downgrade@0', 'downgraded@0']);
    assert.deepEqual(rig.timeline.events({ kind: 'tcp.close', conn: session.conn }), [], 'the broker kept the session');
    assert.equal(rig.client.status().queue_len, 0);
  });

  it(`lib-replay-stored-qos: replayed at QoS 1, DUP 1, and cut at every CONNACK (${CUT_SESSIONS} sessions in a row)`, async () => {
    const rig = await queuedThenDowngraded(builtInPersonality('lib-replay-stored-qos'));
    let last = { t: rig.cutAt, conn: rig.cutConn };
    for (let i = 0; i < CUT_SESSIONS; i++) {
      const session = await nextConnack(rig, last);
      const cut = await rig.timeline.waitFor((e): e is Close => isClose(e) && e.conn === session.conn, {
        timeoutMs: WAIT_MS,
        since: session.t,
        description: `the end of session #${session.conn}`,
      });
      assert.equal(cut.by, 'gate', `session #${session.conn} ended by the gate`);
      assert.match(cut.reason ?? '', /qos0-only: PUBLISH with QoS > 0/);
      assert.deepEqual(publishesOn(rig, session.conn).map(label), ['before-downgrade@1*'], `session #${session.conn}`);
      last = cut;
    }
    assert.equal(rig.client.status().queue_len, 1, 'the entry never leaves the queue');
  });
});
