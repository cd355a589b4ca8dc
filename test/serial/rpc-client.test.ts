import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PortClosedError } from '../../harness/serial/errors.ts';
import {
  RpcClientClosedError,
  RpcFrameTooLargeError,
  RpcHandshakeError,
  RpcProtocolError,
  RpcRemoteError,
  RpcTimeoutError,
} from '../../harness/serial/rpc-errors.ts';
import { RpcClient, type RpcClientOptions } from '../../harness/serial/rpc-client.ts';
import { SerialLink } from '../../harness/serial/serial-link.ts';
import { openPtyPeer, type PtyPeer } from '../helpers/pty-peer.ts';

/** Independent CRC-32/IEEE (bitwise), so the board below shares no code with the harness. */
function crcHex(bytes: Buffer | string): string {
  let crc = 0xffffffff;
  for (const byte of typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

interface Request {
  raw: Buffer;
  json: { id?: number | string; src: string; method: string; params?: unknown };
  crc: string | null;
  delimited: boolean;
}

interface ReplyOptions {
  crc?: boolean;
  delimited?: boolean;
  /** Send a wrong CRC. */
  corruptCrc?: boolean;
}

/**
 * A board as far as the RPC channel goes, written from the spec: parses the host's frames
 * (CRC checked, bad frames dropped silently), answers the EOT handshake, and leaves the
 * answer to each request to the test.
 */
class ScriptedBoard {
  readonly requests: Request[] = [];
  handshakes = 0;
  /** Answer the handshake from this attempt on (1 = the first). 0 = never. */
  answerHandshakeFrom = 1;
  #hostUsedCrc = false;
  #hostUsedDelimiters = false;

  constructor(
    readonly peer: PtyPeer,
    readonly onRequest: (req: Request, board: ScriptedBoard) => void | Promise<void>,
  ) {
    peer.on('line', (line) => void this.#onLine(line));
  }

  async #onLine(line: Buffer): Promise<void> {
    if (line.length === 0) return;
    let body = line;
    const delimited = line.subarray(0, 3).toString('latin1') === '"""';
    if (delimited) {
      this.#hostUsedDelimiters = true;
      body = line.subarray(3, line.length - 3);
    }
    if (body.length === 1 && body[0] === 0x04) {
      this.handshakes++;
      if (this.answerHandshakeFrom > 0 && this.handshakes >= this.answerHandshakeFrom) {
        await this.peer.write(Buffer.from('\n"""\x04"""\n', 'latin1'));
      }
      return;
    }
    let crc: string | null = null;
    const tail = body.subarray(body.length - 8).toString('latin1');
    if (/^[0-9a-f]{8}$/.test(tail) && body[body.length - 9] === 0x7d) {
      crc = tail;
      body = body.subarray(0, body.length - 8);
      this.#hostUsedCrc = true;
      if (crcHex(body) !== crc) return; // dropped silently, as the device does
    }
    const json = JSON.parse(body.toString('latin1'));
    const req: Request = { raw: line, json, crc, delimited };
    this.requests.push(req);
    await this.onRequest(req, this);
  }

  async reply(req: Request, payload: Record<string, unknown>, options: ReplyOptions = {}): Promise<void> {
    // The device re-renders the id: digits only → number, anything else → string.
    const id = /^[0-9]+$/.test(String(req.json.id)) ? Number(req.json.id) : String(req.json.id);
    const json = JSON.stringify({ id, src: 'esp32_1CA848', dst: req.json.src, ...payload });
    const withCrc = options.crc ?? this.#hostUsedCrc;
    const d = (options.delimited ?? this.#hostUsedDelimiters) ? '"""' : '';
    const crc = withCrc ? (options.corruptCrc ? (crcHex(json) === '00000000' ? '11111111' : '00000000') : crcHex(json)) : '';
    await this.peer.write(Buffer.from(`\n${d}${json}${crc}${d}\n`, 'utf8'));
  }
}

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(
  onRequest: (req: Request, board: ScriptedBoard) => void | Promise<void>,
  options: RpcClientOptions = {},
): Promise<{ rpc: RpcClient; board: ScriptedBoard; link: SerialLink; peer: PtyPeer }> {
  const peer = openPtyPeer();
  const link = await SerialLink.open({ path: peer.path });
  const board = new ScriptedBoard(peer, onRequest);
  const rpc = new RpcClient(link, { firstId: 1, ...options });
  cleanups.push(async () => {
    rpc.close();
    await link.close();
    peer.close();
  });
  return { rpc, board, link, peer };
}

test('handshake: EOT frames every interval until the board answers', async () => {
  const { rpc, board } = await setup(() => undefined);
  board.answerHandshakeFrom = 3;
  const result = await rpc.handshake({ intervalMs: 20, timeoutMs: 2000 });
  assert.equal(result.attempts, 3);
  assert.equal(board.handshakes, 3);
});

test('handshake timeout: RpcHandshakeError with attempts and the serial tail', async () => {
  const { rpc, board, peer, link } = await setup(() => undefined);
  board.answerHandshakeFrom = 0;
  const seen = link.expect(/^booting$/, { timeoutMs: 2000 });
  await peer.write('booting\n');
  await seen;
  const err = await rpc.handshake({ intervalMs: 20, timeoutMs: 150 }).then(
    () => assert.fail('no answer expected'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RpcHandshakeError);
  assert.ok(err.attempts >= 2 && err.attempts <= 10, `attempts ${err.attempts}`);
  assert.match(err.message, /No answer to the RPC handshake/);
  assert.ok(err.tail.some((l) => l.endsWith('booting')));
});

test('a call goes out with a CRC by default and resolves with the result', async () => {
  const { rpc, board } = await setup((req, b) => b.reply(req, { result: { app: 'hil-fw', arch: 'esp32' } }));
  const info = await rpc.call<{ app: string }>('Sys.GetInfo');
  assert.deepEqual(info, { app: 'hil-fw', arch: 'esp32' });
  const req = board.requests[0]!;
  assert.deepEqual(req.json, { id: 1, src: 'mgos-hil', method: 'Sys.GetInfo' });
  assert.equal(req.crc, crcHex('{"id":1,"src":"mgos-hil","method":"Sys.GetInfo"}'));
  assert.equal(req.delimited, false);
});

test('several calls in flight are matched by id, whatever the reply order', async () => {
  const held: Request[] = [];
  const { rpc } = await setup(async (req, b) => {
    held.push(req);
    if (held.length < 3) return;
    for (const r of held.reverse()) await b.reply(r, { result: { echo: (r.json.params as { n: number }).n } });
  });
  const results = await Promise.all([1, 2, 3].map((n) => rpc.call<{ echo: number }>('Test.Echo', { n })));
  assert.deepEqual(results.map((r) => r.echo), [1, 2, 3]);
  assert.equal(rpc.inFlight, 0);
});

test('an error reply is RpcRemoteError with the device code; toString() is "<code> <message>"', async () => {
  const { rpc } = await setup((req, b) => b.reply(req, { error: { code: 404, message: `No handler for ${req.json.method}` } }));
  const err = await rpc.call('Foo.Bar').then(
    () => assert.fail('should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RpcRemoteError);
  assert.equal(err.code, 404);
  assert.equal(err.remoteMessage, 'No handler for Foo.Bar');
  assert.equal(err.toString(), '404 No handler for Foo.Bar');
  assert.equal(err.method, 'Foo.Bar');
});

test('a reply with a bad CRC is never delivered: the call times out and says why', async () => {
  const { rpc, link } = await setup((req, b) => b.reply(req, { result: { ok: true } }, { corruptCrc: true }));
  const err = await rpc.call('Sys.GetInfo', undefined, { timeoutMs: 300 }).then(
    () => assert.fail('a bad-CRC reply must not resolve the call'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RpcTimeoutError);
  assert.equal(err.method, 'Sys.GetInfo');
  assert.equal(err.id, 1);
  assert.equal(err.timeoutMs, 300);
  assert.equal(err.path, link.path);
  assert.match(err.message, /CRC/);
  assert.equal(err.rejectedFrames.length, 1);
  assert.match(err.rejectedFrames[0]!, /CRC mismatch/);
});

test('legacy delimiters: requests in """, delimited replies accepted', async () => {
  const { rpc, board } = await setup((req, b) => b.reply(req, { result: 'pong' }), { delimiters: true });
  assert.equal(await rpc.call('RPC.Ping'), 'pong');
  const raw = board.requests[0]!.raw.toString('latin1');
  const json = '{"id":1,"src":"mgos-hil","method":"RPC.Ping"}';
  assert.equal(raw, `"""${json}${crcHex(json)}"""`);
});

test('CRC off: plain JSON request, plain reply', async () => {
  const { rpc, board } = await setup((req, b) => b.reply(req, { result: 7 }), { crc: false });
  assert.equal(await rpc.call('X.Y', {}), 7);
  assert.equal(board.requests[0]!.raw.toString('latin1'), '{"id":1,"src":"mgos-hil","method":"X.Y","params":{}}');
});

test('non-ASCII params are sent escaped; the board reads the original text', async () => {
  const { rpc, board } = await setup((req, b) => b.reply(req, { result: { packet_id: 1 } }));
  await rpc.call('HIL.Pub', { topic: 'hil/é', message: 'naïve ☃' });
  const req = board.requests[0]!;
  assert.ok(req.raw.every((byte) => byte < 0x80), 'every byte ASCII');
  assert.match(req.raw.toString('latin1'), /hil\/\\u00e9/);
  assert.deepEqual(req.json.params, { topic: 'hil/é', message: 'naïve ☃' });
});

test('a reply without result resolves with null; a reply whose id comes back as a string still matches', async () => {
  const { rpc } = await setup(async (req, b) => {
    if (req.json.method === 'Sys.Reboot') await b.reply(req, {});
    else await b.peer.write(`\n{"id":"${req.json.id}","src":"esp32_1CA848","result":true}\n`);
  });
  assert.equal(await rpc.call('Sys.Reboot', { delay_ms: 100 }), null);
  assert.equal(await rpc.call('Other.Thing'), true);
});

test('a malformed error object is RpcProtocolError', async () => {
  const { rpc } = await setup((req, b) => b.reply(req, { error: 'oops' }));
  await assert.rejects(rpc.call('Bad.Reply'), (e: unknown) => e instanceof RpcProtocolError && /integer `code`/.test(e.message));
});

test('a timeout names method, id, deadline, the recent serial lines and the log file', async () => {
  const { rpc, peer, link } = await setup(async (_req, b) => {
    await b.peer.write('mgos_rpc.c:123           Rebooting in 100 ms\n');
  });
  void peer;
  const err = await rpc.call('Sys.GetInfo', undefined, { timeoutMs: 200 }).then(
    () => assert.fail('no reply expected'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RpcTimeoutError);
  assert.match(err.message, /RPC Sys\.GetInfo \(id 1\) got no reply on \/dev\/pts\/\d+ within 200 ms/);
  assert.match(err.message, /bad CRC|CRC does not match/);
  assert.ok(err.tail.some((l) => l.includes('Rebooting in 100 ms')), err.tail.join('\n'));
  assert.equal(err.logPath, link.logPath);
});

test('late replies to a timed-out call are ignored; ids keep increasing', async () => {
  let first: Request | undefined;
  const { rpc } = await setup(async (req, b) => {
    if (!first) {
      first = req;
      return;
    }
    await b.reply(first, { result: 'late' });
    await b.reply(req, { result: 'fresh' });
  });
  await assert.rejects(rpc.call('A', undefined, { timeoutMs: 100 }), RpcTimeoutError);
  assert.equal(await rpc.call('B'), 'fresh');
});

test('an oversized request is refused before sending', async () => {
  const { rpc, board } = await setup(() => undefined, { maxFrameBytes: 100 });
  await assert.rejects(rpc.call('Big', { blob: 'x'.repeat(200) }), RpcFrameTooLargeError);
  assert.equal(board.requests.length, 0);
});

test('calls in flight reject when the port vanishes or the client closes', async () => {
  let received: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    received = resolve;
  });
  const { rpc, peer, link } = await setup(() => received());
  const pending = assert.rejects(
    rpc.call('Never.Answered', undefined, { timeoutMs: 5000 }),
    (e: unknown) => e instanceof PortClosedError && e.disconnected && /Never\.Answered/.test(e.message),
  );
  await arrived;
  const closedClient = new RpcClient(link, { firstId: 100 });
  const abandoned = closedClient.call('Also.Never', undefined, { timeoutMs: 5000 });
  closedClient.close();
  await assert.rejects(abandoned, RpcClientClosedError);
  peer.hangup();
  // The probe write makes serialport notice the hang-up even if its reader was mid-read.
  await assert.rejects(link.write('\n'), PortClosedError);
  await pending;
});

test('connect() handshakes first', async () => {
  const peer = openPtyPeer();
  const link = await SerialLink.open({ path: peer.path });
  const board = new ScriptedBoard(peer, (req, b) => b.reply(req, { result: 1 }));
  try {
    const rpc = await RpcClient.connect(link, { handshake: { intervalMs: 20, timeoutMs: 1000 } });
    assert.equal(board.handshakes, 1);
    assert.equal(await rpc.call('X'), 1);
    rpc.close();
  } finally {
    await link.close();
    peer.close();
  }
});
