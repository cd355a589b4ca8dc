/**
 * The MQTT library's console topics: with `debug.stdout_topic` / `debug.stderr_topic` set
 * (read live at every write, so Config.Set needs no reboot), what the board writes to its
 * console is published there — the firmware's `HIL {…}` lines (printf, stdout) and every
 * LOG line (stderr), framed with the device id, a sequence number and mg_time(), at QoS 0.
 * With `mqtt.debug_use_log_level` (only after 2.20.0) the number before the bar changes.
 * Judged by debug.console-topics against the serial console.
 *
 * The board's own subscription is never one of the console topics: each message it
 * receives prints a line, which would be published back to it, for ever.
 */
import { test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';
import type { TimelineEvent } from '../harness/timeline/events.ts';

const S = 1000;
const OUT = 'hil/debug/stdout';
const ERR = 'hil/debug/stderr';
const IN = 'hil/debug-in';

function consolePublish(topic: string, holding: string): (e: TimelineEvent) => boolean {
  return (e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.topic === topic && (e.payload ?? '').includes(holding);
}

/**
 * Topics set, then output on both streams: the library's `MQTT0 sub …` and rpc-common's
 * `… via UART UART0` lines on stderr, the firmware's sub and msg event lines on stdout;
 * then the topics unset. Waits that depend on the behaviour judged only watch, so a board
 * that publishes nothing is judged, not broken.
 */
async function printWithTopicsSet(scenario: Scenario, mqtt: { debug_use_log_level?: boolean } = {}): Promise<void> {
  const session = await scenario.waitForSession('primary', 10 * S);
  await scenario.waitForEvent('connack', 5 * S, () => true, session.t);
  await scenario.peerSubscribe('primary', OUT, 0);
  await scenario.peerSubscribe('primary', ERR, 0);
  await scenario.configure({ ...(mqtt.debug_use_log_level === undefined ? {} : { mqtt }), debug: { stdout_topic: OUT, stderr_topic: ERR } });
  await scenario.sub(IN);
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'subscribe' && e.t > session.t, 5 * S, `the SUBSCRIBE of ${IN}`);
  await scenario.peerPublish('primary', IN, 'printed', 1);
  await scenario.waitForEvent('msg', 5 * S, (e) => e.topic === IN, session.t);
  // Its rpc-common line is the stderr line waited for below (status() records no action: its unsent_bytes would count the console publishes in flight).
  await scenario.status();
  // A QoS 1 publish of its own: its `pub ->` and `ack` lines are LL_DEBUG, above debug.event_level, and must stay off the topics.
  await scenario.pub('hil/debug/own', 'debug-level-lines', 1);
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'puback' && e.t > session.t, 5 * S, 'the PUBACK of its own publish');
  await scenario.watch(consolePublish(OUT, '"ev":"msg"'), 5 * S, 'the msg line on the stdout topic', session.t);
  await scenario.watch(consolePublish(ERR, 'HIL.Status via'), 5 * S, 'the HIL.Status line on the stderr topic', session.t);
  // Unset: the library publishes this call's own `Config.Set via` line (logged before the
  // handler applies the change), and nothing after it.
  await scenario.configure({ debug: { stdout_topic: '', stderr_topic: '' } });
  await scenario.watch(consolePublish(ERR, 'Config.Set via'), 5 * S, 'the unsetting call\'s line on the stderr topic', session.t);
}

test.describe('debug', () => {
  test('console output is published to debug.stdout_topic and debug.stderr_topic', async ({ scenario }) => {
    await scenario.verifying(['debug.console-topics'], async () => {
      await scenario.setup();
      await printWithTopicsSet(scenario);
    });
  });

  test('debug_use_log_level: the level field (0 for stderr, -1 for a print) after 2.20.0, the fd on 2.20.0', async ({ scenario }) => {
    await scenario.verifying(['debug.console-topics'], async () => {
      await scenario.setup();
      await printWithTopicsSet(scenario, { debug_use_log_level: true });
    });
  });
});
