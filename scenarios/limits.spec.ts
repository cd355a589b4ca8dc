/**
 * Limits: mqtt.recv_mbuf_limit set small (256 bytes). A message whose PUBLISH is exactly
 * the limit is handled; a larger one makes the device close the session, and it
 * reconnects on the schedule; a larger RETAINED one closes every session that
 * re-subscribes (the loop of the behaviour spec's "Limits"), until the scenario clears
 * the retained message; then the board stays up and a small message is delivered.
 *
 * Every step whose outcome is the board's behaviour is a `watch`: a board that takes the
 * oversized message (personality recv-limit-ignored) runs through the scenario and the
 * check judges what it did.
 */
import { publishPacketBytes } from '../harness/model/recv-limit.ts';
import { test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';
import type { TimelineEvent } from '../harness/timeline/events.ts';

const S = 1000;
const TOPIC = 'hil/recv/big';
const LIMIT = 256;
/** Device ms to reconnect after a lost session: at most 2·max(1 s, min) = 4 s, fuzz +10 %, and a margin. */
const RECONNECT = 1.15 * 4 * S + 5 * S;
/** Device ms for the device to close after an oversized delivery, with room for the gate and the host. */
const CLOSE = 3 * S;

/** The payload length that makes a PUBLISH of `qos` on TOPIC exactly `bytes` long. */
function payloadFor(bytes: number, qos: number): number {
  let n = 0;
  while (publishPacketBytes(Buffer.byteLength(TOPIC), qos, n + 1) <= bytes) n++;
  return n;
}

const deviceClose = (since: number) => (e: TimelineEvent) => e.kind === 'tcp.close' && e.broker === 'primary' && e.by === 'device' && e.t > since;
const delivered = (payload: string) => (e: TimelineEvent) =>
  e.kind === 'mqtt.packet' && e.broker === 'primary' && e.dir === 'out' && e.type === 'publish' && e.topic === TOPIC && e.payload === payload.slice(0, 256);

/** A session after `since` and its re-subscription's SUBACK. */
async function resubscribed(scenario: Scenario, since: number): Promise<number> {
  const session = await scenario.waitForSession('primary', RECONNECT, since);
  const suback = await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'suback' && e.t > session.t, 5 * S, 'the re-subscription');
  return suback.t;
}

test.describe('limits', () => {
  test('recv_mbuf_limit 256: an oversized message closes the session, a retained one loops until cleared', async ({ scenario }) => {
    await scenario.verifying(['limits.recv-mbuf'], async () => {
      await scenario.setup({ mqtt: { recv_mbuf_limit: LIMIT } });
      const first = await scenario.waitForSession('primary', 10 * S);
      await scenario.sub(TOPIC, 1);
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK');

      // Exactly the limit (QoS 1: topic, packet id and payload make 256 bytes): handled and acknowledged.
      const atLimit = 'a'.repeat(payloadFor(LIMIT, 1));
      await scenario.peerPublish('primary', TOPIC, atLimit, 1);
      const at = await scenario.waitFor(delivered(atLimit), 5 * S, 'the delivery at the limit');
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'puback' && e.t > at.t, 2 * S, 'its PUBACK');

      // Over the limit, not retained: one close, then the schedule.
      const over = 'b'.repeat(400);
      await scenario.peerPublish('primary', TOPIC, over, 0);
      const overDelivery = await scenario.waitFor(delivered(over), 5 * S, 'the oversized delivery');
      const closed = await scenario.watch(deviceClose(overDelivery.t), CLOSE, 'the device closing on it');
      let since = closed ? await resubscribed(scenario, closed.t) : overDelivery.t;

      // Over the limit and retained: every re-subscription gets it and is closed again.
      const retained = 'c'.repeat(400);
      // QoS 0: the device never acknowledges a message it cannot parse, and a QoS 1 one would be owed a PUBACK.
      await scenario.peerPublish('primary', TOPIC, retained, 0, true);
      for (let loop = 0; loop < 3; loop++) {
        const d = await scenario.watch((e) => delivered(retained)(e) && e.t > since, CLOSE, `the retained message, loop ${loop + 1}`);
        if (!d) break;
        const c = await scenario.watch(deviceClose(d.t), CLOSE, `the device closing on it, loop ${loop + 1}`);
        if (!c) break;
        since = await resubscribed(scenario, c.t);
      }

      // Cleared (an empty retained message, acknowledged by the broker before the next
      // re-subscription is looked for): the session after it stays up.
      await scenario.peerPublish('primary', TOPIC, '', 1, true);
      const open = await scenario.watch(deviceClose(since), CLOSE, 'a close of the session the clear found');
      if (open) since = await resubscribed(scenario, open.t);
      const small = 'small-after-clear';
      await scenario.peerPublish('primary', TOPIC, small, 1);
      const s = await scenario.waitFor((e) => delivered(small)(e) && e.t > since, 5 * S, 'the small message');
      await scenario.watch(deviceClose(s.t), 2 * CLOSE, 'no close after the clear');
    });
  });
});
