/**
 * @ws: MQTT over WebSocket (mqtt.ws_enable, mqtt.ws_path), against a WebSocket port in
 * front of each fault gate that serves one path and answers any other with 404. The board
 * asks for a path other than the default, so a board that ignores ws_path is refused.
 */
import { test } from '../harness/runner/websocket.ts';
import type { Scenario } from '../harness/runner/scenario.ts';

const S = 1000;
const PATH = '/hil/mqtt';

/** Waits for the device's `msg` line on `topic` after the peer published it, and for its PUBACK at the gate. */
async function deliver(scenario: Scenario, topic: string, payload: string): Promise<void> {
  const since = scenario.timeline.now();
  await scenario.peerPublish('primary', topic, payload, 1);
  await scenario.waitForEvent('msg', 5 * S, (e) => e.topic === topic && e.msg === payload, since);
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'puback', 5 * S, `the PUBACK of ${payload}`, since);
}

/** Device ms for the first `n` nominal delays of the default schedule, with room for fuzz and boot. */
function scheduleMs(n: number): number {
  const delays = [2, 4, 8, 16, 32, 60];
  return 1.15 * 1000 * delays.slice(0, n).reduce((a, b) => a + b, 0) + 5_000;
}

test.describe('@ws websocket', () => {
  test('@ws MQTT over WebSocket: the upgrade to mqtt.ws_path with subprotocol mqtt, a session inside it, and after a drop the reconnect over WebSocket', async ({ scenario, ws }) => {
    ws.serve('primary', PATH);
    await scenario.verifying(['transport.websocket'], async () => {
      // Nothing listening first (the gate's `closed`: the library logs `TCP connect error`), so
      // the subscription and the QoS 1 publish are made offline and go out from inside the
      // library's handler at CONNACK, framed: a publish on a live WebSocket session goes out
      // unframed (sources.ts, impl.ws.direct-send-unframed), which this scenario does not judge.
      // keep_alive 5: an idle WebSocket session must ping (keepalive.ping), from inside the library's handler, framed.
      await scenario.setup({ mqtt: { server: ws.server('primary'), ws_enable: true, ws_path: PATH, keep_alive: 5 }, primary: { fault: 'closed' } });
      await scenario.waitForSerialAttempts(1, 5 * S);
      await scenario.sub('hil/ws/in', 1);
      await scenario.pub('hil/ws/up', 'queued-offline', 1);
      await scenario.fault('primary', { fault: 'accept' });
      const first = await scenario.waitForSession('primary', 1.15 * 6 * S + 5 * S);
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'puback' && e.dir === 'out' && e.t > first.t, 5 * S, 'the PUBACK of the queued publish');
      await deliver(scenario, 'hil/ws/in', 'over-ws-1');
      const idle = scenario.timeline.now();
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'pingreq' && e.t > idle, 5 * S + 3 * S, 'a PINGREQ from the idle WebSocket session');
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', { fault: 'accept' });
      const second = await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
        1.15 * 2 * S + 5 * S,
        'a new session after the drop',
      );
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.type === 'suback' && e.t > second.t, 2 * S, 'the re-subscription\'s SUBACK');
      await deliver(scenario, 'hil/ws/in', 'over-ws-2');
    });
  });

  test('@ws a broker serving another path refuses the upgrade (404): each refusal is a failed attempt, and the schedule goes on', async ({ scenario, ws }) => {
    ws.serve('primary', '/elsewhere');
    await scenario.verifying(['transport.websocket', 'backoff.schedule'], async () => {
      await scenario.setup({ mqtt: { server: ws.server('primary'), ws_enable: true, ws_path: PATH } });
      let refused = 0;
      await scenario.waitFor((e) => e.kind === 'ws.handshake' && e.broker === 'primary' && !e.ok && ++refused >= 3, scheduleMs(2), '3 refused upgrades');
    });
  });

  test("@ws the broker's packets in pieces over WebSocket: fragments with a ping between, then one frame across several reads; read whole and answered", async ({ scenario, ws }) => {
    ws.serve('primary', PATH);
    const pieces = (how: 'fragments' | 'tcp') => ({ fault: 'segment', bytes: 3, gapMs: 2, ws: how }) as const;
    await scenario.verifying(['transport.segmented', 'transport.websocket'], async () => {
      // Subscribed offline, as above: a SUBSCRIBE made on a live WebSocket session goes out unframed.
      await scenario.setup({ mqtt: { server: ws.server('primary'), ws_enable: true, ws_path: PATH }, primary: { fault: 'refuse-rst' } });
      await scenario.waitForSerialAttempts(1, 5 * S);
      await scenario.sub('hil/ws/seg/#', 1);
      await scenario.fault('primary', pieces('fragments'));
      const first = await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'connack' && e.returnCode === 0, 1.15 * 6 * S + 5 * S, "the gate's CONNACK 0, in fragments");
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'suback' && e.t > first.t, 5 * S, 'the SUBACK, in fragments');
      const delivered = scenario.timeline.now();
      await scenario.peerPublish('primary', 'hil/ws/seg/a', 'f'.repeat(200), 1);
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'puback' && e.t > delivered, 5 * S, "the board's PUBACK of a message in fragments");
      // The next session's frames are cut across TCP reads instead.
      await scenario.fault('primary', { fault: 'drop', how: 'rst' });
      await scenario.fault('primary', pieces('tcp'));
      const second = await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t, 1.15 * 2 * S + 5 * S, 'a CONNACK 0 after the drop, one frame over several reads');
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'subscribe' && e.t > second.t, 2 * S, 'the re-subscription');
      const again = scenario.timeline.now();
      await scenario.peerPublish('primary', 'hil/ws/seg/b', 't'.repeat(200), 1);
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'puback' && e.t > again, 5 * S, "the board's PUBACK of a frame over several reads");
    });
  });
});
