/**
 * Bounded property test: random garbage (seeded, fixed count) cut into random chunks must
 * never make the splitter or the classifier throw, memory stays under the line limit, and
 * valid lines embedded between newlines are still found intact.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyLine } from '../../harness/serial/classify.ts';
import { LineSplitter } from '../../harness/serial/line-splitter.ts';
import type { SerialLine } from '../../harness/serial/serial-line.ts';
import { mulberry32 } from '../../harness/virtual/random.ts';

/** The project's seeded PRNG (mulberry32), so a failure can be replayed. */
const prng = mulberry32;

const validLines = [
  'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941',
  'HIL {"ev":"puback","packet_id":3,"t":2008}',
  '\x1b[0;32mI (29) boot: ESP-IDF v3.3-r5 2nd stage bootloader\x1b[0m',
  'esp32_main.c:126        Mongoose OS 2.20.0 (20211018-101800)',
];
const expectedType = ['log', 'event', 'idf', 'banner'];

const RUNS = 200;
const MAX_LINE = 256;

test(`${RUNS} seeded runs of garbage with embedded lines: no throw, bounded memory, lines found`, () => {
  const random = prng(0x5eed);
  const int = (n: number) => Math.floor(random() * n);
  for (let run = 0; run < RUNS; run++) {
    const parts: Buffer[] = [];
    const embedded: number[] = [];
    for (let p = 0; p < 12; p++) {
      if (random() < 0.4) {
        const which = int(validLines.length);
        embedded.push(which);
        // A newline before and after: a line only exists between two of them.
        parts.push(Buffer.from('\n' + validLines[which] + '\n', 'latin1'));
      } else {
        const garbage = Buffer.alloc(int(random() < 0.1 ? 3 * MAX_LINE : 80));
        for (let i = 0; i < garbage.length; i++) garbage[i] = int(256);
        parts.push(garbage);
      }
    }
    const stream = Buffer.concat(parts);
    const splitter = new LineSplitter({ maxLineBytes: MAX_LINE });
    const lines: SerialLine[] = [];
    let t = 0;
    for (let offset = 0; offset < stream.length; ) {
      const size = 1 + int(64);
      const { lines: raws } = splitter.push(stream.subarray(offset, offset + size), t++);
      offset += size;
      assert.ok(splitter.bufferedBytes <= MAX_LINE, `run ${run}: ${splitter.bufferedBytes} bytes held`);
      for (const raw of raws) {
        assert.ok(raw.bytes.length <= MAX_LINE);
        const line = classifyLine(raw);
        assert.equal(typeof line.text, 'string');
        lines.push(line);
      }
    }
    const found = lines.filter((l) => validLines.includes(l.text));
    assert.deepEqual(
      found.map((l) => validLines.indexOf(l.text)),
      embedded,
      `run ${run}: every embedded line comes out whole and in order`,
    );
    for (const l of found) assert.equal(l.type, expectedType[validLines.indexOf(l.text)]);
  }
});
