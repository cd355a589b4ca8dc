/**
 * BoardSession.reset() on the virtual board, a separate process on a real
 * pseudo-terminal: by RPC it reboots and the boot line is seen; by DTR/RTS it fails
 * clearly, since a pty has no modem lines.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resetMethodFor, ResetUnsupportedError } from '../../harness/boards/reset/index.ts';
import { BoardSession, type SessionOptions } from '../../harness/runner/board-session.ts';
import { Timeline } from '../../harness/timeline/timeline.ts';
import { startVirtualBoard, type VirtualBoardProcess } from '../../harness/virtual/launcher.ts';
import { DeviceTime } from '../../harness/time/device-time.ts';

let board: VirtualBoardProcess;
const timeline = new Timeline();

before(async () => {
  board = await startVirtualBoard({ timeScale: 10 });
});
after(async () => {
  await board.stop();
});

async function withSession(reset: SessionOptions['reset'], body: (session: BoardSession) => Promise<void>): Promise<void> {
  const session = await BoardSession.open({ name: 'virtual-1', path: board.path, timeline, logPath: '/dev/null', chunking: false, time: new DeviceTime(10, 300), reset });
  try {
    await body(session);
  } finally {
    await session.close();
  }
}

test("a virtual board is reset by 'rpc': reset() reboots it and resolves with the stamp of its boot line", async () => {
  const method = resetMethodFor({ name: 'virtual-1', kind: 'virtual', timeScale: 10, personalities: [] });
  assert.equal(method, 'rpc');
  await withSession(method, async (session) => {
    const since = session.link.now();
    const booted = await session.reset();
    assert.ok(booted > since);
    const boots = timeline.events({ kind: 'serial', since }).filter((e) => e.kind === 'serial' && e.line.type === 'event' && /"ev":"boot"/.test(e.line.text));
    assert.deepEqual(
      boots.map((e) => e.t),
      [booted],
      'one boot line after the reset, and it is the stamp returned',
    );
    assert.equal(typeof (await session.info()).id, 'string', 'the board answers again');
  });
});

test("dtr-rts on the virtual board's pty: reset() fails naming the port and suggesting reset: 'rpc'", async () => {
  await withSession('dtr-rts', async (session) => {
    const err = await session.reset().then(
      () => assert.fail('a pty has no modem lines'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ResetUnsupportedError, String(err));
    assert.equal(err.path, board.path);
    assert.ok(err.message.includes(board.path));
    assert.match(err.message, /no modem lines/);
    assert.match(err.message, /reset: 'rpc'/);
  });
});
