/**
 * The CONNECT packet, a broker that refuses the board's credentials, and mqtt.require_time:
 * a board whose wall clock is not set (HIL.SetTime 0, before the reboot that brings the
 * config in: the clock survives a software reset) holds every connect back, logging
 * "Time is not set, not connecting" and rescheduling like a failed attempt (2, 4, 8 s …);
 * once the clock is set the pending timer's try connects (the library does not listen
 * for the time change). With require_time off again an unset clock stops nothing.
 * mqtt.enable false at boot: the library makes no connection object, so nothing connects
 * until a reboot — not the IP event, not HIL.Connect, not after a Config.Set of
 * mqtt.enable true — and mgos_mqtt_pub returns 0.
 */
import { libraryLog, logMessageOf } from '../harness/contract/library-log.ts';
import { test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';
import type { TimelineEvent } from '../harness/timeline/events.ts';

const S = 1000;
/** Device ms from the boot to the first try: the Wi-Fi IP (the session allows 30 s). */
const IP_MS = 30 * S;

/** Any attempt: the gate's accept, or the board's `connecting to` line (a closed port shows only the latter). */
const anAttempt = (e: TimelineEvent) => e.kind === 'tcp.accept' || (e.kind === 'serial' && libraryLog.connectingTo.test(logMessageOf(e.line)));

/** Watched, not waited for: a board enabled at boot would try at once; the absence is connect.disabled-at-boot's to judge. */
async function noAttemptAfter(scenario: Scenario, cue: string): Promise<void> {
  await scenario.watch(anAttempt, 3 * S, `an attempt after ${cue}`);
}

test.describe('connect', () => {
  test('CONNECT carries the configured fields: default client id, clean session, keep-alive, will, user and password', async ({ scenario }) => {
    await scenario.verifying(['connect.fields'], async () => {
      await scenario.setup({
        mqtt: { user: 'hil-user', pass: 'hil-secret', keep_alive: 30, will_topic: 'hil/will', will_message: 'gone', will_retain: true },
      });
      await scenario.waitForSession('primary', 10_000);
      // A second board identity via client_id, over a reconnect: the id must follow the config live.
    });
  });

  test('refused credentials (CONNACK 5): the schedule continues as for any failed attempt', async ({ scenario }) => {
    await scenario.verifying(['connect.auth-refused'], async () => {
      await scenario.setup({ mqtt: { user: 'hil-user', pass: 'wrong' }, primary: { fault: 'connack', code: 5 } });
      await scenario.waitForAttempts('primary', 4, 2_000 + 2_000 + 4_000 + 8_000 + 2_000);
    });
  });

  test('require_time: no connection while the wall clock is unset; the pending reconnect timer connects once it is set', async ({ scenario }) => {
    await scenario.verifying(['connect.require-time'], async () => {
      await scenario.setTime(0);
      await scenario.setup({ mqtt: { require_time: true } });
      // Three held tries: at the IP, ≈ 2 s and ≈ 6 s later; the 8 s timer is then pending.
      let held = 0;
      const third = await scenario.waitFor(
        (e) => e.kind === 'serial' && libraryLog.timeNotSet.test(logMessageOf(e.line)) && ++held >= 3,
        IP_MS + 1.1 * (2 * S + 4 * S),
        'three "Time is not set, not connecting" lines',
      );
      await scenario.setTime(Math.floor(Date.now() / 1000));
      const session = await scenario.waitForSession('primary', 1.1 * 8 * S + 2 * S, third.t);
      // require_time off, the clock unset again: HIL.Connect connects at once.
      await scenario.setTime(0);
      await scenario.configure({ mqtt: { require_time: false } });
      await scenario.disconnect();
      await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.t > session.t, 5 * S, 'the session closed');
      await scenario.connect();
      await scenario.waitForSession('primary', 5 * S, session.t + 1);
      // The clock survives the next scenario's reboot: leave the board knowing the time.
      await scenario.setTime(Math.floor(Date.now() / 1000));
    });
  });

  test('mqtt.enable false at boot: no attempt, publishes return 0, and a Config.Set of mqtt.enable true waits for a reboot', async ({ scenario }) => {
    await scenario.verifying(['connect.disabled-at-boot', 'api.pub-return-offline'], async () => {
      await scenario.setup({ mqtt: { enable: false } });
      // setup() saw the Wi-Fi IP line: the moment a board enabled at boot makes its first attempt.
      await noAttemptAfter(scenario, 'the IP event');
      await scenario.pub('hil/disabled/q1', 'never-queued', 1);
      await scenario.pub('hil/disabled/q0', 'never-sent', 0);
      await scenario.connect();
      await noAttemptAfter(scenario, 'HIL.Connect');
      // Read only at boot: enabling it live changes nothing until the next scenario's reboot.
      await scenario.configure({ mqtt: { enable: true } });
      await scenario.connect();
      await noAttemptAfter(scenario, 'Config.Set mqtt.enable true and HIL.Connect');
      await scenario.pub('hil/disabled/q1', 'still-no-connection', 1);
    });
  });
});
