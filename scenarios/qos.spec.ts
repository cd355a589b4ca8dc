/**
 * QoS downgrade: by config, at run time (also across a reconnect and for a subscription
 * made under the cap), against a broker that accepts only QoS 0 (AWS Greengrass), and
 * lowering then restoring the cap.
 */
import { test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';
import type { EventOf } from '../harness/timeline/events.ts';

const S = 1000;
const KEEP_ALIVE = 5;

/**
 * Watches `n` keep-alive periods after `since` (until the n-th PINGRESP, or the end of
 * the window): the moments at which the library's queue jam re-sends its head.
 */
async function pingCycles(scenario: Scenario, n: number, since: number): Promise<void> {
  let seen = 0;
  await scenario.watch(
    (e) => e.kind === 'mqtt.packet' && e.type === 'pingresp' && e.t > since && ++seen >= n,
    n * (KEEP_ALIVE + 2) * S,
    `${n} keep-alive round trips`,
    since,
  );
}

/** Waits until the gate saw a PUBLISH with this payload from the device. */
async function published(scenario: Scenario, payload: string, since: number): Promise<void> {
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.payload === payload && e.t > since, 5 * S, `the PUBLISH of "${payload}"`);
}

/**
 * The first session after `since` that the broker does not cut within a second of device
 * time (a connection may still be cut for a QoS 1 replay it sent before the downgrade
 * reached it). Bounded to five sessions: a board cut every time is left to the check.
 */
async function keptSession(scenario: Scenario, since: number): Promise<EventOf<'mqtt.packet'>> {
  let from = since;
  let last: EventOf<'mqtt.packet'> | undefined;
  for (let tries = 0; tries < 5; tries++) {
    const connack = (await scenario.waitFor(
      (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > from,
      1.15 * 8 * S + 5 * S,
      'a session after the downgrade',
      from,
    )) as EventOf<'mqtt.packet'>;
    const cut = await scenario.watch((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.conn === connack.conn, 1 * S, 'the broker cutting it', connack.t);
    if (!cut) return connack;
    last = connack;
    from = cut.t;
  }
  // Cut every time: carry on with the last session and let qos.qos0-only-broker judge it.
  return last!;
}

test.describe('qos', () => {
  test('downgrade by config (max_qos 0): publishes and subscriptions go out at QoS 0, once, before and after a reconnect', async ({ scenario }) => {
    await scenario.verifying(['qos.publish-downgrade', 'qos.subscribe-downgrade', 'delivery.qos0-no-dup'], async () => {
      await scenario.setup({ mqtt: { max_qos: 0, keep_alive: KEEP_ALIVE } });
      const first = await scenario.waitForSession('primary', 10 * S);
      await scenario.sub('hil/q/#', 1);
      // A publish asked at QoS 0, beside the capped ones: QoS 0 on the wire whatever the board does with the cap.
      await scenario.pub('hil/q/out', 'config-qos0', 0);
      for (const [i, qos] of [1, 2, 1].entries()) await scenario.pub('hil/q/out', `config-${i}`, qos as 1 | 2);
      await published(scenario, 'config-2', first.t);
      await pingCycles(scenario, 2, first.t);
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', { fault: 'accept' });
      const second = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
        5 * S,
        'a new session after the drop',
      );
      for (const [i, qos] of [1, 1].entries()) await scenario.pub('hil/q/out', `after-reconnect-${i}`, qos as 1);
      await pingCycles(scenario, 2, second.t);
    });
  });

  test('a QoS 0-only broker cuts a board that is not downgraded, and keeps one that is', async ({ scenario }) => {
    await scenario.verifying(['qos.qos0-only-broker', 'qos.publish-downgrade'], async () => {
      await scenario.setup({ mqtt: { keep_alive: KEEP_ALIVE }, primary: { fault: 'qos0-only' } });
      const first = await scenario.waitForSession('primary', 10 * S);
      // Control: QoS 1 before the downgrade must be cut off by the broker.
      await scenario.pub('hil/gg/out', 'before-downgrade', 1);
      await scenario.waitFor(
        (e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.by === 'gate' && e.t > first.t,
        5 * S,
        'the broker cutting the board off for its QoS 1 publish',
      );
      // The board is cut again at every CONNACK while it replays the unacknowledged QoS 1
      // publish, so the cap is lowered through the config (read live, socket or not).
      await scenario.configure({ mqtt: { max_qos: 0 } });
      const kept = await keptSession(scenario, scenario.timeline.now());
      for (let i = 0; i < 3; i++) await scenario.pub('hil/gg/out', `downgraded-${i}`, 1);
      await published(scenario, 'downgraded-2', kept.t);
      await pingCycles(scenario, 2, kept.t);
    });
  });

  test('lowering the cap at run time, then restoring it', async ({ scenario }) => {
    await scenario.verifying(['qos.override-restore'], async () => {
      await scenario.setup({ mqtt: { keep_alive: KEEP_ALIVE } });
      const session = await scenario.waitForSession('primary', 10 * S);
      await scenario.setMaxQos(0);
      await scenario.pub('hil/r/out', 'lowered', 1);
      await published(scenario, 'lowered', session.t);
      await scenario.setMaxQos(2);
      await scenario.pub('hil/r/out', 'restored-1', 1);
      await scenario.pub('hil/r/out', 'restored-2', 2);
      await published(scenario, 'restored-2', session.t);
    });
  });

  test('a run-time cap survives a reconnect: re-subscriptions, a new subscription and publishes go out under it', async ({ scenario }) => {
    await scenario.verifying(['qos.publish-downgrade', 'qos.subscribe-downgrade', 'resubscribe.qos'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      // Remembered at QoS 1 before the cap; re-sent at min(1, cap) after the reconnect.
      await scenario.sub('hil/cap/before', 1);
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK');
      await scenario.setMaxQos(0);
      await scenario.pub('hil/cap/out', 'cap-before-drop', 1);
      await published(scenario, 'cap-before-drop', first.t);
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', { fault: 'accept' });
      const second = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
        1.15 * 2 * S + 2 * S,
        'a new session after the drop',
      );
      // The override is the library's connection's (spec "QoS downgrade": it survives reconnects).
      await scenario.sub('hil/cap/after', 1);
      await scenario.pub('hil/cap/out', 'cap-after-drop', 1);
      await published(scenario, 'cap-after-drop', second.t);
      let subs = 0;
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'subscribe' && e.t > second.t && ++subs >= 2, 2 * S, 'the re-subscription and the new one', second.t);
    });
  });
});
