/**
 * A client written apart from the harness's serial code — raw serialport, its own
 * bitwise CRC — speaking the frame format of the spec to the virtual board.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SerialPort } from 'serialport';
import { startVirtualBoard, type VirtualBoardProcess } from '../../harness/virtual/launcher.ts';

function crc(text: string): string {
  let c = 0xffffffff;
  for (const b of Buffer.from(text, 'utf8')) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

let board: VirtualBoardProcess;
let port: SerialPort;
let received = '';

before(async () => {
  board = await startVirtualBoard({ timeScale: 10 });
  port = new SerialPort({ path: board.path, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
  port.on('data', (d: Buffer) => {
    received += d.toString('latin1');
  });
});
after(async () => {
  await new Promise<void>((resolve) => port.close(() => resolve()));
  await board.stop();
});

/**
 * Sends bytes (again every `repeatMs`, as mos does with its handshake, if given) and
 * resolves on the first line matching `pattern`, or rejects at the deadline.
 */
function exchange(bytes: string, pattern: RegExp, timeoutMs = 5000, repeatMs?: number): Promise<string> {
  received = '';
  return new Promise((resolve, reject) => {
    const send = () => port.write(Buffer.from(bytes, 'latin1'));
    const again = repeatMs === undefined ? undefined : setInterval(send, repeatMs);
    const look = () => {
      const line = received.split('\n').find((l) => pattern.test(l));
      if (line === undefined) return;
      clearTimeout(timer);
      clearInterval(again);
      port.off('data', look);
      resolve(line);
    };
    const timer = setTimeout(() => {
      clearInterval(again);
      port.off('data', look);
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; got ${JSON.stringify(received.slice(-500))}`));
    }, timeoutMs);
    port.on('data', look);
    send();
  });
}

test('the mos handshake is answered (sent every 200 ms until the board is up)', async () => {
  const line = await exchange('"""\x04"""\n\n', /^"""\x04"""$/, 10_000, 200);
  assert.equal(line, '"""\x04"""');
});

test('a request with CRC and """ delimiters gets a reply with both, and the CRC is right', async () => {
  const json = '{"id":42,"src":"indep","method":"Sys.GetInfo","params":{}}';
  const line = await exchange(`"""${json}${crc(json)}"""\n`, /^""".*"id":42/);
  const m = /^"""(\{.*\})([0-9a-f]{8})"""$/.exec(line);
  assert.ok(m, `reply not in the """json+crc""" form: ${line}`);
  assert.equal(m[2], crc(m[1]!));
  const reply = JSON.parse(m[1]!);
  assert.equal(reply.id, 42);
  assert.equal(reply.dst, 'indep');
  assert.equal(reply.result.arch, 'esp32');
  assert.match(reply.src, /^esp32_[0-9A-F]{6}$/);
});

test('a string id of digits comes back as a number', async () => {
  const json = '{"id":"77","method":"RPC.Ping"}';
  const line = await exchange(`${json}${crc(json)}\n`, /"id":77/);
  assert.ok(JSON.parse(line.replace(/^"""|"""$/g, '').replace(/[0-9a-f]{8}$/, '')).result);
});

test('a frame with a wrong CRC gets no reply at all', async () => {
  const bad = '{"id":5,"method":"RPC.Ping"}00000000';
  await assert.rejects(exchange(`${bad}\n`, /"id":5/, 800), /no line matching/);
  // and the channel still works afterwards
  const good = '{"id":6,"method":"RPC.Ping"}';
  await exchange(`${good}${crc(good)}\n`, /"id":6/);
});
