/**
 * The virtual board's UART prints what a real ESP32 on Mongoose OS prints: its banner
 * through the logger with the 24-column prefix, rpc-uart's channel coming up, and one
 * rpc-common `<method> via UART UART0` line per request that reaches a handler. The
 * expected lines are written out here from real output (each comment names where), not
 * computed with the board's own formatter.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { classifyLine } from '../../../harness/serial/classify.ts';
import { LineSplitter } from '../../../harness/serial/line-splitter.ts';
import type { SerialLine } from '../../../harness/serial/serial-line.ts';
import type { VirtualBoard } from '../../../harness/virtual/board.ts';
import { createVirtualBoard } from '../../../harness/virtual/create.ts';

/** Everything the board wrote, with a way to wait for a text to appear (bounded in time). */
class Wire {
  bytes = Buffer.alloc(0);
  #waiters: { text: string; from: number; resolve: () => void }[] = [];
  write(bytes: Buffer): void {
    this.bytes = Buffer.concat([this.bytes, bytes]);
    for (const w of [...this.#waiters]) {
      if (this.bytes.indexOf(w.text, w.from, 'latin1') >= 0) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }
  text(from = 0): string {
    return this.bytes.subarray(from).toString('latin1');
  }
  waitFor(text: string, from: number, timeoutMs = 5000): Promise<void> {
    if (this.bytes.indexOf(text, from, 'latin1') >= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(text)} from the board within ${timeoutMs} ms; it wrote: ${JSON.stringify(this.text(from).slice(-600))}`)), timeoutMs);
      this.#waiters.push({
        text,
        from,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

function classifyAll(bytes: Buffer): SerialLine[] {
  const splitter = new LineSplitter();
  return splitter.push(bytes, 1).lines.map((raw) => classifyLine(raw));
}

let wire: Wire;
let board: VirtualBoard;
let bootEnd = 0;

before(async () => {
  wire = new Wire();
  board = createVirtualBoard({ timeScale: 20, logVariant: '2.20.0' }, wire);
  board.powerOn();
  await wire.waitFor('Init done', 0);
  bootEnd = wire.bytes.length;
});
after(() => board.powerOff());

test('the banner comes through the logger with the 24-column prefix, as on a real ESP32', () => {
  const lines = wire.text(0).split('\n');
  // R0G-DEV/espcam-app-mos README (ESP32, Mongoose OS 2.15.0): `mgos_freertos.c:177     Mongoose OS …`;
  // the line numbers here are 2.20.0's (mongoose-os-libs/freertos src/mgos_freertos.c, LOG at 157).
  assert.ok(lines.includes('mgos_freertos.c:157     Mongoose OS 2.20.0 (20210906-095446/2.20.0@1b9d8a69)'), 'the Mongoose OS line, prefixed');
  assert.ok(lines.includes('mgos_freertos.c:155     mgos-hil-fw 1.0.0 (20261126-000000/virtual@2.20.0)'), 'the app line, prefixed');
  // Same capture: `esp32_main.c:116        ESP-IDF v3.2-r7`, `mgos_sys_config.c:368   MAC: cc:50:e3:96:54:e8`.
  assert.ok(lines.includes('esp32_main.c:65         ESP-IDF v3.3-r6'));
  assert.ok(lines.includes('mgos_sys_config.c:470   MAC: 24:0a:c4:1c:a8:48'));
  assert.ok(lines.includes('mgos_sys_config.c:478   WDT: 30 seconds'));
  // Same capture: `mgos_deps_init.c:78     init rpc-uart...`, then the channel, cut basename with a leading space.
  const rpcUart = lines.indexOf('mgos_deps_init.c:78     init rpc-uart...');
  assert.ok(rpcUart > 0, 'one init line per library');
  assert.deepEqual(lines.slice(rpcUart + 1, rpcUart + 4), [
    ' mgos_rpc_channel_ua:320 0x3ffbb1f0 UART0',
    "mg_rpc.c:591            0x3ffbb1f0 '' UART",
    'mg_rpc.c:499            0x3ffbb1f0 CHAN OPEN (UART UART0)',
  ]);
  // mongoose-os-apps/example-bh1750 README: `mgos_init.c:33          Init done, RAM: …` (2.20.0: mgos_init.c:36).
  assert.ok(lines.some((l) => /^mgos_init\.c:36 {10}Init done, RAM: \d+ total, \d+ free, \d+ min free$/.test(l)));
  assert.ok(!lines.some((l) => /^(?:Mongoose OS|MAC:|WDT:|ESP-IDF|CPU:|Newlib) /.test(l)), 'no banner line is bare any more');
});

test('the ROM lines end with \\r\\n; the serial reader sees one boot, prefixed, and no noise', () => {
  assert.match(wire.text(), /^ets Jun {2}8 2016 00:22:57\r\n\r\nrst:0x1 \(POWERON_RESET\)/);
  const lines = classifyAll(wire.bytes.subarray(0, bootEnd + 1));
  const boots = lines.filter((l) => l.type === 'banner' && l.reboot);
  assert.equal(boots.length, 1);
  assert.deepEqual(boots[0]!.type === 'banner' && boots[0]!.source, { file: 'mgos_freertos.c', line: 157 });
  assert.deepEqual(lines.filter((l) => l.type === 'noise'), []);
  const channel = lines.find((l) => l.text.includes('UART0') && l.type === 'log');
  assert.deepEqual(channel?.type === 'log' && [channel.file, channel.line, channel.message], ['mgos_rpc_channel_ua', 320, '0x3ffbb1f0 UART0']);
});

test('one "<method> via UART UART0" line per request that reaches a handler, before its reply', async () => {
  const from = wire.bytes.length;
  // mos's handshake: rpc-uart answers it itself; rpc-common never sees it, so nothing is logged.
  board.receive(Buffer.from('"""\x04"""\n'));
  await wire.waitFor('"""\x04"""', from);
  board.receive(Buffer.from('{"id":7,"src":"mos","method":"Sys.GetInfo"}\n'));
  await wire.waitFor('"id":7', from);
  board.receive(Buffer.from('{"id":8,"src":"mos","method":"No.Such"}\n'));
  await wire.waitFor('"id":8', from);
  board.receive(Buffer.from('{"src":"mos","method":"RPC.List"}\n')); // no id: runs, logged, no reply
  board.receive(Buffer.from('{"id":9,"src":"mos","method":"RPC.Ping"}\n'));
  await wire.waitFor('"id":9', from);
  const lines = classifyAll(Buffer.from(wire.bytes.subarray(from)));
  const requests = lines.filter((l) => l.type === 'log' && l.rpcRequest).map((l) => l.text);
  // rpc-common 2.20.0 src/mg_rpc.c: LOG(LL_INFO, ("%.*s via %s %s%s%.*s", …)) at lines 310–314, after the
  // handler lookup and the prehandler; the channel's type and info as its CHAN OPEN line shows them.
  assert.deepEqual(requests, [
    'mg_rpc.c:314            Sys.GetInfo via UART UART0',
    'mg_rpc.c:314            RPC.List via UART UART0',
    'mg_rpc.c:314            RPC.Ping via UART UART0',
  ]);
  // Same file: no handler → LOG(LL_ERROR, ("No handler for %.*s", …)) at 290–291, and the 404 reply.
  assert.ok(lines.some((l) => l.text === 'mg_rpc.c:291            No handler for No.Such'));
  const order = lines.map((l) => (l.type === 'rpc' ? `reply ${JSON.stringify((l.frame as { message?: { id?: unknown } }).message?.id)}` : l.text));
  const logAt = order.indexOf('mg_rpc.c:314            Sys.GetInfo via UART UART0');
  assert.ok(logAt >= 0 && logAt < order.indexOf('reply 7'), `the request is logged before it is answered: ${JSON.stringify(order)}`);
  assert.deepEqual(lines.filter((l) => l.type === 'noise'), []);
});

test('a reboot prints the whole boot again: a new banner', async () => {
  const from = wire.bytes.length;
  board.receive(Buffer.from('{"id":10,"src":"mos","method":"Sys.Reboot","params":{"delay_ms":100}}\n'));
  await wire.waitFor('Init done', from);
  const lines = classifyAll(Buffer.from(wire.bytes.subarray(from)));
  assert.ok(lines.some((l) => l.text === 'mg_rpc.c:314            Sys.Reboot via UART UART0'));
  assert.equal(lines.filter((l) => l.type === 'banner' && l.reboot).length, 1);
  assert.ok(lines.some((l) => l.type === 'banner' && l.field === 'rom-reset' && /SW_CPU_RESET/.test(l.value)));
});
