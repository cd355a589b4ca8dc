/**
 * The will: published by the broker when the board is lost without a DISCONNECT.
 */
import { test } from '../harness/runner/fixtures.ts';

const S = 1000;
const KEEP_ALIVE = 5;
const WILL_TOPIC = 'hil/will/board';

test.describe('will', () => {
  test('a board reset without DISCONNECT gets its will published', async ({ scenario }) => {
    await scenario.verifying(['will.on-abrupt-loss', 'connect.fields'], async () => {
      await scenario.setup({ mqtt: { keep_alive: KEEP_ALIVE, will_topic: WILL_TOPIC, will_message: 'lost' } });
      await scenario.peerSubscribe('primary', WILL_TOPIC, 0);
      const session = await scenario.waitForSession('primary', 10 * S);
      await scenario.reset();
      await scenario.peers.primary.waitForMessage(WILL_TOPIC, { timeoutMs: scenario.board.deadline(2 * KEEP_ALIVE * S), since: session.t });
    });
  });

  test('an explicit disconnect sends DISCONNECT first, so the broker keeps the will', async ({ scenario }) => {
    await scenario.verifying(['connect.explicit-disconnect'], async () => {
      await scenario.setup({ mqtt: { keep_alive: KEEP_ALIVE, will_topic: WILL_TOPIC, will_message: 'lost' } });
      await scenario.peerSubscribe('primary', WILL_TOPIC, 0);
      const session = await scenario.waitForSession('primary', 10 * S);
      await scenario.disconnect();
      await scenario.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.t > session.t, 5 * S, 'the connection closed');
    });
  });
});
