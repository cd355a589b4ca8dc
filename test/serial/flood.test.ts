/**
 * A garbage flood on the serial port (a pty driven by hand, read by the real SerialLink):
 * random bytes, stretches with no newline far past the line limit, control bytes, for at
 * most 2 s or 16 MiB. Memory stays within the link's bounds (history lines × line
 * limit), lines come out cut and marked, and a good line after the flood is still found.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SerialLink } from '../../harness/serial/serial-link.ts';
import { mulberry32 } from '../../harness/virtual/random.ts';
import { openPtyPeer } from '../helpers/pty-peer.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MiB = 2 ** 20;

test('a garbage flood of up to 16 MiB in 2 s: bounded history and heap, the next good line found (seed 99)', async () => {
  const random = mulberry32(99);
  const peer = openPtyPeer();
  const HISTORY = 300;
  const MAX_LINE = 4096;
  const link = await SerialLink.open({ path: peer.path, historyLimit: HISTORY, maxLineBytes: MAX_LINE });
  try {
    gc();
    const before = process.memoryUsage().heapUsed;
    let lines = 0;
    let truncated = 0;
    link.on('line', (l) => {
      lines++;
      if (l.type === 'noise' && l.truncated) truncated++;
    });
    const chunk = Buffer.alloc(32 * 1024);
    let sent = 0;
    const started = performance.now();
    for (let i = 0; sent < 16 * MiB && performance.now() - started < 2_000; i++) {
      const newlines = i % 4 === 0 ? 0 : 1 + Math.floor(random() * 8); // every 4th chunk: one long line
      for (let b = 0; b < chunk.length; b++) {
        const v = Math.floor(random() * 256);
        chunk[b] = v === 0x0a ? 0x2e : v;
      }
      for (let n = 0; n < newlines; n++) chunk[Math.floor(random() * chunk.length)] = 0x0a;
      // XON/XOFF in the noise would pause our writes to the device, not the flood; they are stripped on read either way.
      await peer.write(chunk, 5_000);
      sent += chunk.length;
    }
    const since = link.now();
    await peer.write('\r\nmgos_mqtt_conn.c:123    MQTT0 connecting to 127.0.0.1:1883\r\n');
    const good = await link.expect(/MQTT0 connecting to 127\.0\.0\.1:1883$/, { timeoutMs: 5_000, since });
    assert.equal(good.type, 'log');
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(sent >= 1 * MiB, `only ${sent} bytes sent`);
    assert.ok(link.history().length <= HISTORY);
    assert.ok(link.history().every((l) => Buffer.byteLength(l.text) <= 4 * MAX_LINE), 'no line held beyond the limit');
    assert.ok(truncated > 0 && lines > HISTORY, `${lines} lines, ${truncated} cut`);
    assert.ok(grown < 16 * MiB, `heap grew ${(grown / MiB).toFixed(1)} MiB after ${(sent / MiB).toFixed(1)} MiB of garbage`);
    assert.equal(link.state, 'open');
    process.stdout.write(`# flood: ${(sent / MiB).toFixed(1)} MiB, ${lines} lines (${truncated} cut), heap +${(grown / MiB).toFixed(1)} MiB\n`);
  } finally {
    await link.close();
    peer.close();
  }
});
