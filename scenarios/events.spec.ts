/**
 * The Mongoose OS cloud events the MQTT library triggers (`mqtt.cloud_events`), as the
 * test firmware prints them: CONNECTING on every attempt, CONNECTED / DISCONNECTED per
 * session only with cloud_events, CONNECTERROR (after 2.20.0) for a failed TCP connect
 * and never for a CONNACK refusal. Judged by events.cloud against the attempts the gate
 * and the serial log show.
 */
import { test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';

const S = 1000;

/** Waits for the gate's CONNACK with `code` on the primary. */
async function connack(scenario: Scenario, code: number, deviceMs: number): Promise<void> {
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.dir === 'out' && e.type === 'connack' && e.returnCode === code, deviceMs, `a CONNACK ${code} on primary`);
}

/** A session, its loss (the gate cuts it) and the session after it, waited for past its CONNACK. */
async function sessionLostAndBack(scenario: Scenario): Promise<void> {
  const first = await scenario.waitForSession('primary', 10 * S);
  // Cut it only once the board has read its CONNACK (its connack line), not in the same breath.
  await scenario.waitForEvent('connack', 5 * S, () => true, first.t);
  await scenario.fault('primary', { fault: 'drop', how: 'rst' });
  const second = await scenario.waitForSession('primary', 10 * S, first.t + 1);
  // The device's last line of the scenario (its re-subscription and the connack line follow the CONNACK at once).
  await scenario.waitForEvent('connack', 5 * S, () => true, second.t);
}

test.describe('events', () => {
  test('cloud events with cloud_events true: a refused TCP connect, a CONNACK refusal, a session and its loss', async ({ scenario }) => {
    await scenario.verifying(['events.cloud'], async () => {
      await scenario.setup({ mqtt: { cloud_events: true }, primary: { fault: 'closed' } });
      // Boot's attempt on a closed port: CONNECTING, then CONNECTERROR (after 2.20.0).
      await scenario.waitForSerialAttempts(1, 10 * S);
      await scenario.fault('primary', { fault: 'connack', code: 5 });
      // The next attempt (2 s later) is refused by CONNACK 5: CONNECTING only.
      await connack(scenario, 5, 10 * S);
      await scenario.fault('primary', { fault: 'accept' });
      // Then CONNECTED, DISCONNECTED when the gate cuts the session, CONNECTED again.
      await sessionLostAndBack(scenario);
    });
  });

  test('cloud events with cloud_events false: CONNECTING on every attempt, nothing else', async ({ scenario }) => {
    await scenario.verifying(['events.cloud'], async () => {
      await scenario.setup({ mqtt: { cloud_events: false }, primary: { fault: 'closed' } });
      await scenario.waitForSerialAttempts(1, 10 * S);
      await scenario.fault('primary', { fault: 'accept' });
      await sessionLostAndBack(scenario);
    });
  });
});
