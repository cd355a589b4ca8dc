/**
 * C calls of the library's API judged from HIL.Status and the wire:
 * - mgos_mqtt_num_unsent_bytes while nothing is listening and the QoS 1 publishes wait in
 *   the queue (max_queue_length 5: the sixth pushes out the oldest);
 * - mgos_mqtt_get_packet_id: after an explicit disconnect, one QoS 1 publish queued holds
 *   the boot's first id (1) and HIL.PacketIds turns the counter to 65534; the next two
 *   publishes take 65535, then (0 and the queued 1 skipped) 2; after HIL.Connect and the
 *   replay a new publish takes 3;
 * - mgos_mqtt_pub on a live session: QoS 0, 1 and 2, one retained, each one PUBLISH with
 *   its flags and the id pub returned;
 * - mgos_mqtt_pubf / mgos_mqtt_pubv: connected, each HIL.Pubf case on its own topic, at
 *   QoS 0, 1 and 2 and once retained; the broker must get frozen's JSON byte for byte;
 * - mgos_mqtt_set_connect_fn: the firmware's callback set, the next primary CONNECT and,
 *   after the primary is lost and refused (maxima 4 s: 2, 4 s, then the backup after 4 s),
 *   the backup's must be the callback's; unset, the next backup CONNECT the library's own;
 * - mgos_mqtt_global_subscribe's raw handler (HIL.RawSub) and mgos_mqtt_get_global_conn
 *   (HIL.GlobalConn): connected, a raw subscription (its SUBACK), the peer's QoS 1 and QoS 0
 *   messages and the device's own QoS 1 publish coming back (the broker's PUBACK is the
 *   connection handlers' alone), the gate cutting the session (CLOSE likewise) and the
 *   re-subscription's SUBACK; GlobalConn while up and after an explicit disconnect.
 */
import { test } from '../harness/runner/fixtures.ts';
import { isHilEvent } from '../harness/timeline/hil-events.ts';
import type { PubfCase } from '../harness/contract/hil.ts';
import type { Scenario } from '../harness/runner/scenario.ts';

const S = 1000;

/** Waits until the gate saw a PUBLISH with this payload from the device. */
async function published(scenario: Scenario, payload: string, deviceMs: number): Promise<void> {
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.payload === payload, deviceMs, `the PUBLISH of "${payload}"`);
}

test.describe('api', () => {
  test('unsent bytes count the queued payloads', async ({ scenario }) => {
    await scenario.verifying(['api.unsent-bytes'], async () => {
      await scenario.setup({ primary: { fault: 'closed' }, mqtt: { max_queue_length: 5 } });
      await scenario.recordStatus();
      await scenario.pub('hil/api/q', 'first', 1);
      await scenario.pub('hil/api/q', 'dropped-at-qos-0', 0);
      await scenario.jsPub('hil/api/q', 'through-js', 2);
      await scenario.recordStatus();
      for (const payload of ['a', 'bb', 'ccc', 'dddd']) await scenario.pub('hil/api/queue-longer-topic', payload, 1);
      await scenario.recordStatus();
    });
  });

  test('publishes on a live session go out as asked: QoS 0, 1 and 2, retained, with the id pub returned', async ({ scenario }) => {
    await scenario.verifying(['api.pub-on-wire'], async () => {
      // Offline first with one QoS 1 publish queued, so the session begins with a replay and
      // the board's "queue drained" line says when its publishes go out as first sends.
      await scenario.setup({ primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 1, 10 * S);
      await scenario.pub('hil/api/wire', 'wire-queued', 1);
      await scenario.fault('primary', { fault: 'accept' });
      await scenario.waitForSession('primary', 1.15 * 4 * S + 5 * S);
      await scenario.waitFor((e) => e.kind === 'serial' && e.line.type === 'log' && e.line.message === 'MQTT0 queue drained', 5 * S, 'the "queue drained" line');
      // One at a time, each after the previous one's exchange ended.
      const calls: Array<[payload: string, qos: 0 | 1 | 2, retain: boolean]> = [['wire-q0', 0, false], ['wire-q1', 1, false], ['wire-q2', 2, false], ['wire-q1-retained', 1, true]];
      for (const [payload, qos, retain] of calls) {
        const id = await scenario.pub('hil/api/wire', payload, qos, retain);
        await published(scenario, payload, 5 * S);
        const done = qos === 1 ? 'puback' : 'pubcomp';
        if (qos > 0) await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === done && e.packetId === id, 5 * S, `the broker's ${done.toUpperCase()} for "${payload}"`);
      }
      // Clear the retained message, so no later subscriber of the broker gets it.
      await scenario.peerPublish('primary', 'hil/api/wire', '', 1, true);
    });
  });

  test('packet ids wrap from 65535 past 0 and skip a queued id', async ({ scenario }) => {
    await scenario.verifying(['api.packet-id-wrap'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      // Offline by an explicit disconnect: no reconnect attempts meanwhile, so no schedule to judge.
      await scenario.disconnect();
      await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.t > first.t, 5 * S, 'the session closed');
      // Queued until the next session's PUBACK, holding its id (the boot's first, 1).
      await scenario.pub('hil/api/ids', 'held', 1);
      const { last } = await scenario.packetIds(1);
      const count = 65534 - last;
      if (count < 1) throw new Error(`HIL.PacketIds: the counter is already at ${last}; the scenario expects a fresh boot`);
      await scenario.packetIds(count);
      await scenario.pub('hil/api/ids', 'after-65534', 1);
      await scenario.pub('hil/api/ids', 'after-the-wrap', 1);
      await scenario.connect();
      await scenario.waitForSession('primary', 10 * S, first.t + 1);
      await published(scenario, 'after-the-wrap', 5 * S);
      await scenario.waitFor((e) => e.kind === 'serial' && e.line.type === 'log' && e.line.message === 'MQTT0 queue drained', 5 * S, 'the "queue drained" line');
      await scenario.pub('hil/api/ids', 'after-the-replay', 1);
      await published(scenario, 'after-the-replay', 5 * S);
    });
  });

  test('pubf and pubv publish the JSON frozen prints', async ({ scenario }) => {
    await scenario.verifying(['api.pubf'], async () => {
      await scenario.setup();
      await scenario.waitForSession('primary', 10 * S);
      const calls: Array<{ case: PubfCase; qos: 0 | 1 | 2; retain?: boolean }> = [
        { case: 'keys', qos: 0 },
        { case: 'escapes', qos: 1 },
        { case: 'bools', qos: 2, retain: true },
        { case: 'nested', qos: 1 },
        { case: 'pubv', qos: 1 },
      ];
      for (const c of calls) {
        const topic = `hil/api/pubf/${c.case}`;
        await scenario.pubf(topic, c.case, c.qos, c.retain ?? false);
        // By topic, not payload: the payload is what api.pubf judges.
        await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.topic === topic, 5 * S, `the PUBLISH on ${topic}`);
      }
      // Clear the retained message, so no later subscriber of the broker gets it.
      await scenario.peerPublish('primary', 'hil/api/pubf/bools', '', 1, true);
    });
  });

  test('a connect callback sends the CONNECT on the primary and the backup; unset, the library sends its own', async ({ scenario }) => {
    await scenario.verifying(['api.connect-fn'], async () => {
      // Maxima of 4 s keep the way to the backup short: primary again after 2 s, then 4 s; the backup after 4 s.
      await scenario.setup({ mqtt: { reconnect_timeout_max: 4 }, mqtt1: { enable: true, reconnect_timeout_max: 4 } });
      // The library's own CONNECT, before any callback (connect.fields judges it).
      const own = await scenario.waitForSession('primary', 10 * S);
      await scenario.setConnectFn('on');
      // The callback is asked at the next TCP connect: make one.
      await scenario.disconnect();
      await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.t > own.t, 5 * S, 'the session closed');
      await scenario.connect();
      const byFn = await scenario.waitForSession('primary', 10 * S, own.t + 1);
      // The primary lost and refused until the switch: the backup's CONNECT comes from the callback too.
      await scenario.fault('primary', [{ fault: 'drop', how: 'rst' }, { fault: 'refuse-rst' }]);
      const backup = await scenario.waitForSession('backup', 1.15 * (2 + 4 + 4) * S + 5 * S, byFn.t + 1);
      await scenario.setConnectFn('off');
      await scenario.disconnect();
      await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'backup' && e.t > backup.t, 5 * S, 'the backup session closed');
      // mgos_mqtt_global_connect tries the active config: the backup, with the library's own CONNECT.
      await scenario.connect();
      await scenario.waitForSession('backup', 10 * S, backup.t + 1);
    });
  });

  test('a raw handler of mgos_mqtt_global_subscribe gets its SUBACKs and matching PUBLISHes, no PUBACK or CLOSE', async ({ scenario }) => {
    const filter = 'hil/api/raw/+';
    /** Gives the board its chance to call the raw handler (events.handler-set judges a line that never comes). */
    const rawLine = (what: string, match: (e: { mg_ev: number; topic?: string }) => boolean, since: number) =>
      scenario.watch((e) => isHilEvent(e, 'raw_ev', (ev) => ev.filter === filter && match(ev)), 5 * S, `the raw handler's ${what}`, since);
    await scenario.verifying(['events.handler-set'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      await scenario.waitForEvent('connack', 5 * S, () => true, first.t);
      await scenario.globalConn();
      await scenario.rawSub(filter);
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK');
      await rawLine('SUBACK', (e) => e.mg_ev === 209, first.t);
      await scenario.peerPublish('primary', 'hil/api/raw/a', 'qos-1-from-the-peer', 1);
      await rawLine('QoS 1 PUBLISH', (e) => e.mg_ev === 203 && e.topic === 'hil/api/raw/a', first.t);
      await scenario.peerPublish('primary', 'hil/api/raw/b', 'qos-0-from-the-peer', 0);
      await rawLine('QoS 0 PUBLISH', (e) => e.mg_ev === 203 && e.topic === 'hil/api/raw/b', first.t);
      // The device's own QoS 1 publish: the broker's PUBACK (the connection handlers' only),
      // and its copy back to the subscriber (a PUBLISH for the raw handler).
      await scenario.pub('hil/api/raw/c', 'from-the-device', 1);
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'puback' && e.t > first.t, 5 * S, 'the PUBACK');
      await rawLine('PUBLISH of its own message', (e) => e.mg_ev === 203 && e.topic === 'hil/api/raw/c', first.t);
      // The gate cuts the session: CLOSE is the connection handlers' only; the next session
      // re-subscribes with a fresh packet id, whose SUBACK the raw handler gets again.
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', { fault: 'accept' });
      const second = await scenario.waitForSession('primary', 10 * S, first.t + 1);
      // Watched, not waited for: a board that does not re-subscribe is resubscribe.*'s to
      // name, not a broken scenario (kill matrix: no-resubscribe broke it).
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'suback' && e.t > second.t, 5 * S, 'the re-subscription\'s SUBACK');
      await rawLine('second SUBACK', (e) => e.mg_ev === 209, second.t);
      await scenario.peerPublish('primary', 'hil/api/raw/a', 'after-the-drop', 1);
      await rawLine('PUBLISH after the drop', (e) => e.mg_ev === 203 && e.topic === 'hil/api/raw/a', second.t);
      await scenario.globalConn();
      // An explicit disconnect: once its socket has closed, no attempt follows and the conn is NULL.
      await scenario.disconnect();
      await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.t > second.t, 5 * S, 'the session closed');
      await scenario.waitForEvent('close', 5 * S, () => true, second.t);
      await scenario.globalConn();
    });
  });
});
