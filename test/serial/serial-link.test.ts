import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  NonAsciiWriteError,
  PortBusyError,
  PortClosedError,
  PortMissingError,
  SerialTimeoutError,
} from '../../harness/serial/errors.ts';
import type { FlowEvent } from '../../harness/serial/flow-writer.ts';
import { isPseudoTerminal, wireMsPerByte } from '../../harness/serial/port-open.ts';
import { SerialLink, type SerialLinkOptions } from '../../harness/serial/serial-link.ts';
import type { SerialLine } from '../../harness/serial/serial-line.ts';
import type { MonoMs } from '../../harness/clock.ts';
import { openPtyPeer, type PtyPeer } from '../helpers/pty-peer.ts';

const tmp = mkdtempSync(join(tmpdir(), 'hil-serial-link-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function withLink(
  options: Partial<SerialLinkOptions>,
  body: (link: SerialLink, peer: PtyPeer) => Promise<void>,
): Promise<void> {
  const peer = openPtyPeer();
  const link = await SerialLink.open({ path: peer.path, ...options });
  try {
    await body(link, peer);
  } finally {
    await link.close();
    peer.close();
  }
}

function flowEvent(link: SerialLink, state: FlowEvent['state'], timeoutMs = 2000): Promise<FlowEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no flow event ${state} within ${timeoutMs} ms`)), timeoutMs);
    const on = (e: FlowEvent) => {
      if (e.state !== state) return;
      clearTimeout(timer);
      link.off('flow', on);
      resolve(e);
    };
    link.on('flow', on);
  });
}

test('wireTime: a UART path is timed at its baud rate, a pty (also through a symlink, as socat makes) never', async () => {
  assert.equal(wireMsPerByte('/dev/ttyUSB0', 115_200, true), 10_000 / 115_200);
  assert.equal(wireMsPerByte('/dev/ttyUSB0', 115_200, false), 0);
  const peer = openPtyPeer();
  try {
    assert.ok(isPseudoTerminal(peer.path), peer.path);
    const link = join(tmp, 'ttyV0');
    symlinkSync(peer.path, link);
    assert.equal(wireMsPerByte(link, 9600, true), 0);
    assert.ok(!isPseudoTerminal('/dev/ttyACM0'));
  } finally {
    peer.close();
  }
  // On the link: a pty's lines of one read all carry the read's time, wireTime or not.
  await withLink({ wireTime: true, clock: () => 1000 as MonoMs }, async (link, p) => {
    const second = link.expect(/^second$/, { timeoutMs: 2000 });
    await p.write('first line of the board\nsecond\n');
    await second;
    assert.deepEqual(link.history().slice(-2).map((l) => l.t), [1000, 1000]);
  });
});

test('lines from the board arrive classified, stamped in order, and kept in the history', async () => {
  await withLink({}, async (link, peer) => {
    const seen: SerialLine[] = [];
    link.on('line', (l) => seen.push(l));
    const last = link.expect(/CONNACK/, { timeoutMs: 2000 });
    await peer.write('mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941\r\nHIL {"ev":"connack","code":0,"t":52}\n');
    await peer.write('mgos_mqtt_conn.c:241    MQTT0 CONNACK 0\n');
    const connack = await last;
    assert.equal(connack.type, 'log');
    assert.deepEqual(seen.map((l) => l.type), ['log', 'event', 'log']);
    assert.ok(seen[0]!.t <= seen[1]!.t && seen[1]!.t <= seen[2]!.t);
    assert.ok(seen[2]!.t <= link.now());
    assert.deepEqual(link.history(), seen);
    assert.deepEqual(link.tail(1), [connack]);
  });
});

test('expect: from now on by default; `since` also searches the history; RegExp flags do not leak state', async () => {
  await withLink({}, async (link, peer) => {
    const start = link.now();
    const first = link.expect(/ready/g, { timeoutMs: 2000 });
    await peer.write('WiFi STA: ready, IP 192.168.1.50, GW 192.168.1.1\n');
    await first;
    // Already in the history: found at once with `since`; a second global RegExp test still matches.
    const again = await link.expect(/ready/g, { timeoutMs: 100, since: start });
    assert.match(again.text, /IP 192\.168\.1\.50/);
    // Without `since` the past line does not count.
    await assert.rejects(link.expect(/ready/, { timeoutMs: 50 }), SerialTimeoutError);
  });
});

test('an expect timeout names the pattern, the port, the recent lines and the log file', async () => {
  const logPath = join(tmp, 'timeout.log');
  await withLink({ logPath, tailLines: 5 }, async (link, peer) => {
    const marker = link.expect(/line 9/, { timeoutMs: 2000 });
    await peer.write(Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join(''));
    await marker;
    const err = await link.expect(/MQTT0 CONNACK/, { timeoutMs: 100 }).then(
      () => assert.fail('should time out'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SerialTimeoutError);
    assert.equal(err.pattern, '/MQTT0 CONNACK/');
    assert.equal(err.timeoutMs, 100);
    assert.equal(err.path, peer.path);
    assert.equal(err.logPath, logPath);
    assert.equal(err.tail.length, 5);
    assert.match(err.tail.at(-1)!, /\[text\] line 9$/);
    assert.match(err.message, /No line matching \/MQTT0 CONNACK\/ on \/dev\/pts\/\d+ within 100 ms/);
    assert.ok(err.message.includes(`Full log: ${logPath}`));
  });
});

test('the log file gets every line as `<ISO time> +<mono ms> <text>`, control bytes escaped', async () => {
  const logPath = join(tmp, 'sub', 'board.log');
  await withLink({ logPath }, async (link, peer) => {
    const done = link.expect(/^end$/, { timeoutMs: 2000 });
    await peer.write(Buffer.from('mgos_mqtt_conn.c:221    MQTT0 disconnected\nbad\x01byte\nend\n', 'latin1'));
    await done;
  });
  const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
  const entry = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \+\d+\.\d{3} (.*)$/;
  for (const l of lines) assert.match(l, entry);
  const texts = lines.map((l) => entry.exec(l)![1]);
  assert.match(texts[0]!, /^--- opened \/dev\/pts\/\d+ at 115200 8N1$/);
  assert.deepEqual(texts.slice(1, 4), ['mgos_mqtt_conn.c:221    MQTT0 disconnected', 'bad\\x01byte', 'end']);
  assert.match(texts.at(-1)!, /^--- closed /);
});

test('writes reach the board; non-ASCII is refused before anything is sent', async () => {
  await withLink({}, async (link, peer) => {
    await assert.rejects(link.write('café\n'), (e: unknown) => e instanceof NonAsciiWriteError && /0xe9 at offset 3/.test(e.message));
    await assert.rejects(link.write(Buffer.from([0x41, 0x80, 0x0a])), NonAsciiWriteError);
    const got = peer.nextLine();
    await link.write('plain ascii\n');
    assert.equal((await got).toString('latin1'), 'plain ascii');
    assert.equal(peer.received().toString('latin1'), 'plain ascii\n');
  });
});

test('XOFF from the board holds writes until XON, and the flow bytes never reach a line', async () => {
  await withLink({}, async (link, peer) => {
    const paused = flowEvent(link, 'paused');
    const seen = link.expect(/^before$/, { timeoutMs: 2000 });
    await peer.write(Buffer.from('bef\x13ore\n', 'latin1'));
    await paused;
    assert.equal((await seen).text, 'before');
    assert.equal(link.writePaused, true);

    let written = false;
    const write = link.write('held\n').then(() => {
      written = true;
    });
    // A round trip through the port: by then an unpaused write would have gone out.
    const echo = link.expect(/^round trip$/, { timeoutMs: 2000 });
    await peer.write('round trip\n');
    await echo;
    assert.equal(written, false);
    assert.equal(peer.received().length, 0);

    const arrives = peer.nextLine((l) => l.toString() === 'held');
    await peer.write(Buffer.from([0x11]));
    await arrives;
    await write;
    assert.equal(link.writePaused, false);
  });
});

test('an XOFF without XON is honoured only up to xoffMaxPauseMs', async () => {
  await withLink({ xoffMaxPauseMs: 150 }, async (link, peer) => {
    const paused = flowEvent(link, 'paused');
    await peer.write(Buffer.from([0x13]));
    await paused;
    const expired = flowEvent(link, 'pause-expired');
    const arrives = peer.nextLine((l) => l.toString() === 'late');
    await link.write('late\n');
    const e = await expired;
    assert.ok(e.state === 'pause-expired' && e.pausedMs >= 150);
    await arrives;
  });
});

test('chunked writes go out in 16-byte pieces 5 ms apart', async () => {
  await withLink({ chunking: true }, async (link, peer) => {
    const payload = 'x'.repeat(47) + '\n'; // 3 chunks, 2 gaps
    const arrives = peer.nextLine();
    const start = performance.now();
    await link.write(payload);
    await arrives;
    assert.ok(performance.now() - start >= 9, 'two gaps of 5 ms at least');
    assert.equal(peer.received().toString(), payload);
  });
});

test('a missing port is PortMissingError and says how to list ports', async () => {
  const err = await SerialLink.open({ path: '/dev/ttyHIL-does-not-exist' }).then(
    () => assert.fail('should not open'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PortMissingError);
  assert.equal(err.path, '/dev/ttyHIL-does-not-exist');
  assert.match(err.message, /does not exist/);
  assert.match(err.message, /npx hil boards/);
});

test('a second open of the same port is PortBusyError and mentions mos console', async () => {
  await withLink({}, async (_link, peer) => {
    const err = await SerialLink.open({ path: peer.path }).then(
      () => assert.fail('should not open twice'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PortBusyError);
    assert.match(err.message, /held by another program/);
    assert.match(err.message, /mos console/);
  });
});

test('an open waits out a lock its holder lets go of within a second (the previous scenario\'s close on a busy host), and still fails on one it keeps', async () => {
  await withLink({}, async (first, peer) => {
    const started = performance.now();
    // Let go 250 ms after the second open began: it must not fail meanwhile.
    const release = new Promise<void>((resolve) => setTimeout(() => void first.close().then(resolve), 250));
    const second = await SerialLink.open({ path: peer.path });
    await release;
    assert.ok(performance.now() - started >= 200, 'opened only once the first let go');
    await second.close();
  });
});

test('a port that vanishes: closed event with disconnected, waiting expects and writes reject', async () => {
  const peer = openPtyPeer();
  const link = await SerialLink.open({ path: peer.path });
  try {
    const waiting = link.expect(/never/, { timeoutMs: 5000 });
    const closed = once(link, 'closed');
    peer.hangup();
    // serialport sees a pty hang-up on its read side only if it was waiting for data at that
    // moment (see pty-peer.ts); a write always sees it (EIO), as on a real board.
    const probe = await link.write('probe\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    if (probe) assert.match(String(probe), /EIO|closed|vanished/);
    const [info] = await closed;
    assert.equal(info.disconnected, true);
    assert.equal(link.state, 'closed');
    const err = await waiting.then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PortClosedError);
    assert.equal(err.disconnected, true);
    assert.match(err.message, /vanished while waiting for \/never\//);
    await assert.rejects(link.write('x\n'), PortClosedError);
    await assert.rejects(link.expect(/x/, { timeoutMs: 10 }), PortClosedError);
  } finally {
    await link.close();
    peer.close();
  }
});

test('close() releases the port and every timer; pending expects reject; reopening works', async () => {
  const peer = openPtyPeer();
  try {
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const link = await SerialLink.open({ path: peer.path, chunking: true });
    const waiting = link.expect(/never/, { timeoutMs: 60_000 });
    const closed = once(link, 'closed');
    await link.close();
    const [info] = await closed;
    assert.equal(info.disconnected, false);
    await assert.rejects(waiting, (e: unknown) => e instanceof PortClosedError && !e.disconnected);
    await link.close(); // idempotent
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    assert.ok(timersAfter <= timersBefore, `timers before ${timersBefore}, after ${timersAfter}`);
    const again = await SerialLink.open({ path: peer.path });
    await again.close();
  } finally {
    peer.close();
  }
});
