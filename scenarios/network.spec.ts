/**
 * The network between board and broker: the broker's packets arrive in pieces, as TCP
 * delivers a packet larger than a segment, and the board must read each one whole; a
 * packet the board cannot parse ends the session (the board closes it), and the next
 * session comes on the schedule's first step.
 * Every wait after the gate's own CONNACK is a watch: a board that misreads the pieces is
 * judged by transport.segmented, not stopped half-way.
 */
import { test } from '../harness/runner/fixtures.ts';

const S = 1000;
const SEGMENT = { fault: 'segment', bytes: 3, gapMs: 2 } as const;

test.describe('network', () => {
  test("the broker's packets in 3-byte pieces: read whole, answered, and again after a reconnect", async ({ scenario }) => {
    await scenario.verifying(['transport.segmented'], async () => {
      await scenario.setup({ primary: SEGMENT });
      const first = await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'connack' && e.returnCode === 0, 10 * S, "the gate's CONNACK 0");
      await scenario.sub('hil/seg/#', 1);
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK, in pieces');
      // A delivery of 200 bytes: some 70 pieces.
      const delivered = scenario.timeline.now();
      await scenario.peerPublish('primary', 'hil/seg/in', 'p'.repeat(200), 1);
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'puback' && e.t > delivered, 5 * S, "the board's PUBACK");
      const published = scenario.timeline.now();
      await scenario.pub('hil/seg/out', 'from-the-board', 1);
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'puback' && e.t > published, 5 * S, "the broker's PUBACK, in pieces");
      // A reconnect under the same fault: the CONNACK in pieces, then the re-subscription.
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', SEGMENT);
      const second = await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t, 1.15 * 2 * S + 5 * S, 'a CONNACK 0 after the drop');
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'subscribe' && e.t > second.t, 2 * S, 'the re-subscription');
    });
  });

  test('a packet the board cannot parse: it closes the session, reconnects after 2 s, and again', async ({ scenario }) => {
    await scenario.verifying(['transport.malformed', 'backoff.reset-after-connack'], async () => {
      await scenario.setup();
      const first = await scenario.waitForSession('primary', 10 * S);
      await scenario.fault('primary', { fault: 'malformed' });
      // Each session gets the bad PUBLISH once it is up: two loops of close and reconnect.
      let garbage = 0;
      const second = await scenario.watch((e) => e.kind === 'mqtt.garbage' && e.dir === 'out' && ++garbage >= 3, 2 * (1.15 * 2 * S) + 5 * S, 'three sessions given a packet they cannot parse', first.t);
      await scenario.watch((e) => e.kind === 'tcp.close' && e.by === 'device' && e.t > (second?.t ?? first.t), 2 * S, 'the device closing the third');
      await scenario.fault('primary', { fault: 'accept' });
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'connack' && e.returnCode === 0 && e.t > (second?.t ?? first.t), 1.15 * 2 * S + 5 * S, 'a session without the fault');
    });
  });
});
