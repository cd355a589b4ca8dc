/**
 * The QoS ≥ 1 queue: publishes made while offline are replayed in order after the
 * reconnect with DUP = 1 and their packet ids, QoS 0 ones are dropped, and only the newest
 * max_queue_length survive an overflow; a publish in flight when its session drops is
 * re-sent on the next one, and one left unacknowledged on a live session is re-sent after
 * the next PINGRESP. Also what mgos_mqtt_pub returns while offline.
 */
import { test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';
import type { EventOf } from '../harness/timeline/events.ts';

const S = 1000;
const KEEP_ALIVE = 5;

/** Waits until the gate saw a PUBLISH with this payload from the device. */
async function published(scenario: Scenario, payload: string, deviceMs: number): Promise<void> {
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.payload === payload, deviceMs, `the PUBLISH of "${payload}"`);
}

/** Offline from boot: the primary refuses until the test lets it accept. */
async function offline(scenario: Scenario): Promise<void> {
  await scenario.setup({ primary: { fault: 'refuse-rst' } });
  await scenario.waitForAttempts('primary', 2, 10 * S);
}

test.describe('queue', () => {
  test('publishes made offline are replayed in order with DUP = 1; QoS 0 ones are dropped; pub returns a packet id', async ({ scenario }) => {
    await scenario.verifying(['queue.replay', 'api.pub-return-offline'], async () => {
      await offline(scenario);
      await scenario.pub('hil/queue/out', 'offline-1', 1);
      await scenario.pub('hil/queue/out', 'offline-qos0', 0);
      await scenario.pub('hil/queue/out', 'offline-2', 1);
      await scenario.pub('hil/queue/out', 'offline-3', 2);
      // The queue must outlive further failed attempts, not only the wait for the next one.
      await scenario.waitForAttempts('primary', 3, 1.15 * 4 * S + 2 * S);
      await scenario.fault('primary', { fault: 'accept' });
      await scenario.waitForSession('primary', 1.15 * 8 * S + 5 * S);
      await published(scenario, 'offline-3', 5 * S);
      // A message published after the replay drained goes out as a first send (DUP = 0):
      // the board says when its queue has drained.
      await scenario.waitFor((e) => e.kind === 'serial' && e.line.type === 'log' && e.line.message === 'MQTT0 queue drained', 5 * S, 'the "queue drained" line');
      await scenario.pub('hil/queue/out', 'online-1', 1);
      await published(scenario, 'online-1', 5 * S);
    });
  });

  test('overflow: only the newest max_queue_length publishes survive', async ({ scenario }) => {
    await scenario.verifying(['queue.overflow'], async () => {
      await offline(scenario);
      for (let i = 1; i <= 7; i++) await scenario.pub('hil/queue/out', `overflow-${i}`, 1);
      await scenario.waitForAttempts('primary', 3, 1.15 * 4 * S + 2 * S);
      await scenario.fault('primary', { fault: 'accept' });
      await scenario.waitForSession('primary', 1.15 * 8 * S + 5 * S);
      await published(scenario, 'overflow-7', 5 * S);
    });
  });

  test('a QoS 1 publish in flight when the session drops is re-sent on the next session with DUP = 1 and its id', async ({ scenario }) => {
    await scenario.verifying(['queue.inflight-resend'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      // The broker gets the PUBLISH; the gate swallows its PUBACK and cuts the session.
      await scenario.fault('primary', { fault: 'withhold-puback' });
      await scenario.pub('hil/queue/out', 'in-flight-1', 1);
      const cut = await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.by === 'gate' && e.t > first.t, 5 * S, 'the session cut with the PUBACK withheld');
      // The model's first delay after a session is 2 s (±10 %).
      const second = await scenario.waitForSession('primary', 1.15 * 2 * S + 2 * S, cut.t);
      // What the board re-sends is what the check judges: watch for it, do not insist.
      await scenario.watch(
        (e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.payload === 'in-flight-1' && e.t > second.t,
        2 * S,
        'the re-send of the in-flight publish',
        second.t,
      );
    });
  });
  test('a QoS 1 publish left unacknowledged on a live session is re-sent after the next PINGRESP with DUP = 1', async ({ scenario }) => {
    await scenario.verifying(['queue.inflight-resend'], async () => {
      await scenario.setup({ mqtt: { keep_alive: KEEP_ALIVE } });
      const session = await scenario.waitForSession('primary', 10 * S);
      // The broker gets the PUBLISH; the gate swallows every PUBACK of its id and keeps the session.
      await scenario.fault('primary', { fault: 'withhold-puback', session: 'keep' });
      await scenario.pub('hil/queue/out', 'kept-1', 1);
      const sent = (await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.payload === 'kept-1' && e.t > session.t, 5 * S, 'the first send of the publish')) as EventOf<'mqtt.packet'>;
      // Nothing else is sent, so the ping comes keep_alive seconds on (the board polls once a second).
      // A board that never pings (keepalive.ping's case) leaves nothing more to see here.
      const pong = await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'pingresp' && e.t > sent.t, (KEEP_ALIVE + 3) * S, 'the PINGRESP after the publish', sent.t);
      if (!pong) return;
      await scenario.watch(
        (e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.payload === 'kept-1' && e.t > pong.t,
        2 * S,
        'the re-send after the PINGRESP',
        pong.t,
      );
      // Let the next re-send be acknowledged, so the session ends with an empty queue.
      await scenario.fault('primary', { fault: 'accept' });
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'puback' && e.packetId === sent.packetId, (KEEP_ALIVE + 3) * S, 'the PUBACK of a later re-send', pong.t);
    });
  });
});
