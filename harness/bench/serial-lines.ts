/**
 * Serial lines per second the harness can take in: bytes split into lines and each line
 * classified, as SerialLink does with every chunk read (the port itself not included:
 * a 115200-baud UART carries some 100 such lines/s, far below this).
 */
import { classifyLine } from '../serial/classify.ts';
import { LineSplitter } from '../serial/line-splitter.ts';

export function measureSerialLines(lines: number): { linesPerS: number; chunkBytes: number } {
  const text = Array.from({ length: 64 }, (_, i) => `mgos_mqtt.c:155 MQTT0 pub -> ${i} hil/bench/t @ 1 (16): [payload ${i}]\r\n`).join('');
  const chunk = Buffer.from(text);
  const splitter = new LineSplitter();
  let seen = 0;
  const t0 = performance.now();
  while (seen < lines) {
    for (const raw of splitter.push(chunk, performance.now()).lines) {
      classifyLine(raw);
      seen++;
    }
  }
  return { linesPerS: seen / ((performance.now() - t0) / 1000), chunkBytes: chunk.length };
}
