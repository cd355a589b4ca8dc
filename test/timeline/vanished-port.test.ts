/**
 * A board killed mid-run: its port vanishes while a scenario waits on the timeline for
 * something the device should do. The wait's error must lead with that cause (the link
 * says so as a line, which the session records), on its first line, whole.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { SerialLink } from '../../harness/serial/serial-link.ts';
import { Timeline, TimelineTimeoutError } from '../../harness/timeline/timeline.ts';
import { openPtyPeer } from '../helpers/pty-peer.ts';

test('a wait that runs out after the port vanished names the port as the cause on its first line', async () => {
  const peer = openPtyPeer();
  const link = await SerialLink.open({ path: peer.path });
  const tl = new Timeline();
  link.on('line', (line) => tl.record({ kind: 'serial', t: line.t, board: 'bench-1', line: line as never }));
  try {
    const since = tl.now();
    await peer.write('mgos_mqtt_conn.c:123    MQTT0 connecting to 127.0.0.1:1883\r\n');
    await link.expect(/MQTT0 connecting/, { timeoutMs: 2000, since });
    const waiting = tl.waitFor((e) => e.kind === 'tcp.accept', { timeoutMs: 1500, since, description: '2 TCP attempts on primary' }).catch((e: unknown) => e);
    const closed = once(link, 'closed');
    peer.hangup();
    await link.write('probe\n').catch(() => undefined); // a write always sees the hang-up (EIO)
    await closed;
    const err = await waiting;
    assert.ok(err instanceof TimelineTimeoutError);
    const first = err.message.split('\n')[0]!;
    assert.match(first, new RegExp(`^timed out after 1500 ms waiting for 2 TCP attempts on primary; the serial port of board bench-1 vanished at \\+\\d+\\.\\d ms \\(port vanished: .*\\); 2 event\\(s\\) seen instead, the last: .*--- ${peer.path} vanished$`));
    assert.equal(err.vanished?.line.text, `--- ${peer.path} vanished`);
  } finally {
    await link.close();
    peer.close();
  }
});

test('without a vanished port the first line still ends in a whole sentence: the count and the last event', async () => {
  const tl = new Timeline();
  for (let i = 0; i < 18; i++) tl.stamp({ kind: 'note', text: `n${i}` });
  const err = (await tl.waitFor(() => false, { timeoutMs: 5, description: 'a session' }).catch((e: unknown) => e)) as Error;
  const [first, second] = err.message.split('\n');
  assert.match(first!, /^timed out after 5 ms waiting for a session; 18 event\(s\) seen instead, the last: [\d.]+ note n17$/);
  assert.equal(second, 'the last 18:');
});
