/**
 * Keep-alive: pings driven by what the device sends, and a broker that accepts TCP and
 * then never answers (the device gives up after about twice the keep-alive).
 */
import { test } from '../harness/runner/fixtures.ts';

const S = 1000;
const KEEP_ALIVE = 5;

test.describe('keepalive', () => {
  test('an idle session pings every keep_alive seconds', async ({ scenario }) => {
    await scenario.verifying(['keepalive.ping'], async () => {
      await scenario.setup({ mqtt: { keep_alive: KEEP_ALIVE } });
      const session = await scenario.waitForSession('primary', 10 * S);
      let pings = 0;
      await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'pingreq' && e.t > session.t && ++pings >= 3,
        3 * (KEEP_ALIVE + 2) * S,
        'three PINGREQs',
      );
    });
  });

  test('a silent broker: PINGREQ at keep_alive, close at twice keep_alive, then the schedule', async ({ scenario }) => {
    await scenario.verifying(['keepalive.silent-broker'], async () => {
      await scenario.setup({ mqtt: { keep_alive: KEEP_ALIVE }, primary: { fault: 'blackhole' } });
      const closed = await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.by === 'device', (2 * KEEP_ALIVE + 5) * S, 'the device giving up on the silent broker');
      await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary' && e.t > closed.t, 1.15 * 2 * S + 2 * S, 'the next attempt');
    });
  });
});
