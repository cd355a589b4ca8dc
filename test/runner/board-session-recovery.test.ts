/**
 * BoardSession's recovery of a hung board, against a fake board on a pseudo-terminal and
 * a fake port that records DTR/RTS changes: a board that stops answering gets exactly one
 * reset from its driver; the step is retried once; a board that still does not come back
 * is a BoardHungError with the last serial lines. The reset sequence expected of dtr-rts
 * is esptool's HardReset / mos's BootFirmware (see test/boards/reset/dtr-rts.test.ts).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { BoardHungError, DtrRtsReset, type ResetDriverFactory, ResetRefusedError } from '../../harness/boards/reset/index.ts';
import { now } from '../../harness/clock.ts';
import { BoardSession } from '../../harness/runner/board-session.ts';
import { Timeline } from '../../harness/timeline/timeline.ts';
import { mqttSection } from '../../harness/virtual/config/schema.ts';
import { FakeModemLines } from '../boards/reset/fake-modem-lines.ts';
import { openPtyPeer, type PtyPeer } from '../helpers/pty-peer.ts';
import { DeviceTime } from '../../harness/time/device-time.ts';

type AfterReset = 'boots' | 'crashes' | 'boots-but-mute';

/**
 * A board as far as this test needs: answers the EOT handshake and a few RPC methods
 * (replies without a CRC, which the harness accepts), prints a boot banner and the HIL
 * boot event when it boots, and can hang (reads nothing, answers nothing). It boots when
 * EN rises on its fake modem lines with GPIO0 high, as the chip does.
 */
class FakeBoard {
  state: 'running' | 'hung' = 'running';
  afterReset: AfterReset = 'boots';
  /** The next Config.Set reboot ends in a crash without a boot line. */
  hangOnNextReboot = false;
  readonly requests: { method: string; params: unknown }[] = [];
  saved: unknown;
  readonly errors: Error[] = [];
  #boots = 0;

  constructor(
    readonly peer: PtyPeer,
    readonly lines: FakeModemLines,
  ) {
    peer.on('line', (line) => this.#onLine(line.toString('latin1')));
    lines.onRelease((gpio0High) => {
      if (!gpio0High) this.#say(['waiting for download']);
      else if (this.afterReset === 'crashes') this.#crash();
      else this.#boot(this.afterReset === 'boots' ? 'running' : 'hung');
    });
  }

  count(method: string): number {
    return this.requests.filter((r) => r.method === method).length;
  }

  /** Stops answering after some last words, as a firmware stuck in a loop does. */
  hang(lastWords: string[] = []): void {
    this.#say(lastWords);
    this.state = 'hung';
  }

  #onLine(text: string): void {
    if (text.length === 0) return;
    if (text === '"""\x04"""') {
      if (this.state === 'running') this.#say(['"""\x04"""']);
      return;
    }
    const json = text.replace(/(?<=\})[0-9a-f]{8}$/, '');
    const req = JSON.parse(json) as { id: number; src: string; method: string; params?: unknown };
    this.requests.push({ method: req.method, params: req.params });
    if (this.state !== 'running') return;
    const handler = this.#methods[req.method];
    if (!handler) {
      this.errors.push(new Error(`FakeBoard: no handler for ${req.method}`));
      return;
    }
    const result = handler(req.params);
    this.#say([JSON.stringify({ id: req.id, src: 'esp32_FAKE01', dst: req.src, result })]);
  }

  /** Each answers with its result; a reboot it asks for follows the reply, as on the device. */
  readonly #methods: Record<string, (params: unknown) => unknown> = {
    'Sys.GetInfo': () => ({ id: 'esp32_FAKE01', fw_id: 'fake-1', app: 'hil-fw' }),
    'Sys.Reboot': () => {
      this.#rebootLater(false);
      return null;
    },
    'Config.Set': (params) => {
      const { config, reboot } = params as { config: unknown; reboot?: boolean };
      this.saved = config;
      if (reboot) this.#rebootLater(this.hangOnNextReboot);
      this.hangOnNextReboot = false;
      return { saved: true };
    },
  };

  #rebootLater(crash: boolean): void {
    // The firmware's own reboot delay, part of the fake's behaviour (not a synchronisation).
    setTimeout(() => (crash ? this.#crash() : this.#boot('running')), 10);
  }

  #boot(then: 'running' | 'hung'): void {
    this.#boots++;
    this.#say([
      'ets Jun  8 2016 00:22:57',
      'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)',
      'esp32_main.c:126        Mongoose OS 2.20.0 (20211018-101800)',
      `HIL {"ev":"boot","t":${this.#boots}}`,
    ]);
    this.state = then;
  }

  #crash(): void {
    this.state = 'hung';
    this.#say(['ets Jun  8 2016 00:22:57', "Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled."]);
  }

  #say(lines: string[]): void {
    if (lines.length === 0) return;
    this.peer.write(`${lines.join('\n')}\n`).catch((err: Error) => this.errors.push(err));
  }
}

const TIMEOUTS = { rpcMs: 300, handshakeMs: 450, bootMs: 600 };
const cleanups: (() => Promise<void>)[] = [];
const boards: FakeBoard[] = [];
after(async () => {
  for (const c of cleanups.splice(0)) await c();
  // The fakes' own write failures are reported here rather than swallowed.
  assert.deepEqual(boards.flatMap((b) => b.errors.map((e) => e.message)), []);
});

async function setup(reset: 'rpc' | 'none' | 'dtr-rts' = 'dtr-rts', prepareBoard: (board: FakeBoard) => void = () => undefined) {
  const peer = openPtyPeer();
  // Stamped on the harness clock, so line changes compare with the link's line stamps.
  const lines = new FakeModemLines(peer.path, now);
  const board = new FakeBoard(peer, lines);
  boards.push(board);
  prepareBoard(board);
  const timeline = new Timeline();
  // dtr-rts through the recording port (a pty has no modem lines); the others by name, bound by the registry.
  const viaFakeLines: ResetDriverFactory = () => new DtrRtsReset(lines, { holdMs: 5 });
  const session = await BoardSession.open({
    name: 'bench-7',
    path: peer.path,
    timeline,
    logPath: '/dev/null',
    chunking: false,
    time: new DeviceTime(1, 150),
    reset: reset === 'dtr-rts' ? viaFakeLines : reset,
    timeouts: TIMEOUTS,
  });
  cleanups.push(async () => {
    await session.close();
    peer.close();
  });
  return { session, board, lines, timeline, peer };
}

async function hungError(promise: Promise<unknown>): Promise<BoardHungError> {
  const err = await promise.then(
    () => assert.fail('the board never came back: BoardHungError expected'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BoardHungError, `BoardHungError expected, got ${(err as Error)?.stack ?? err}`);
  return err;
}

test('a board that stops answering gets exactly one reset, then BoardHungError with the last serial lines', async () => {
  const { session, board, lines, peer, timeline } = await setup();
  board.afterReset = 'crashes';
  board.hang(['mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:1883']);
  const err = await hungError(session.info());
  assert.equal(lines.pulses, 1, 'one EN pulse');
  assert.equal(board.count('Sys.GetInfo'), 1, 'no retry after a reset that did not bring the board back');
  assert.ok(err.message.startsWith('board hung: bench-7 on '), err.message);
  assert.ok(err.message.includes(peer.path));
  assert.match(err.message, /while reading the board info \(Sys\.GetInfo\)/);
  assert.match(err.message, /waited for the reply to Sys\.GetInfo within 300 ms, then after the reset for the firmware's HIL \{"ev":"boot"\} line within 600 ms/);
  assert.match(err.message, /reset tried: dtr-rts \(EN pulsed low for 5 ms/);
  assert.ok(err.tail.some((l) => l.endsWith('MQTT0 connecting to 127.0.0.1:1883')), 'the line before the hang');
  assert.ok(err.tail.at(-1)!.includes('Guru Meditation Error'), 'the crash after the reset is the last line');
  assert.match(err.message, /Guru Meditation Error/);
  assert.equal(err.board, 'bench-7');
  assert.equal(err.path, peer.path);
  const notes = timeline.events({ kind: 'note' }).map((e) => e.text);
  assert.ok(notes.some((n) => /resetting it by dtr-rts/.test(n)), 'the recovery reset is in the timeline');
  assert.ok(notes.some((n) => n.startsWith('board hung: bench-7')), 'and so is the verdict');
});

test('a board that comes back after the reset is recovered: the step is done once more and succeeds', async () => {
  const { session, board, lines } = await setup();
  board.hang();
  const info = await session.info();
  assert.equal(info.id, 'esp32_FAKE01');
  assert.equal(lines.pulses, 1);
  assert.equal(board.count('Sys.GetInfo'), 2, 'the call that timed out, then the retry');
});

test('a board that boots after the reset but still does not answer: BoardHungError after the one retry', async () => {
  const { session, board, lines } = await setup();
  board.afterReset = 'boots-but-mute';
  board.hang();
  const err = await hungError(session.info());
  assert.equal(lines.pulses, 1, 'the retry does not reset again');
  assert.equal(board.count('Sys.GetInfo'), 2);
  assert.match(err.message, /waited for the reply to Sys\.GetInfo within 300 ms; reset tried: dtr-rts .*the board booted again at \+[0-9.]+, then did not answer the retry/);
  assert.ok(err.tail.some((l) => l.includes('HIL {"ev":"boot"')), 'the boot after the reset is in the evidence');
});

test('prepare: no boot line after Config.Set (save, reboot) means one reset, the config written again, the boot stamp', async () => {
  const { session, board, lines } = await setup();
  board.hangOnNextReboot = true;
  const config = { mqtt: { ...mqttSection.parse({}), enable: true, server: '127.0.0.1:18830' }, mqtt1: mqttSection.parse({}) };
  const before = session.link.now();
  const booted = await session.prepare(config);
  assert.equal(lines.pulses, 1);
  assert.equal(board.count('Config.Set'), 2, 'the write is done once more after the reset');
  assert.deepEqual(board.requests.filter((r) => r.method === 'Config.Set').map((r) => r.params), [
    { config, save: true, reboot: true },
    { config, save: true, reboot: true },
  ]);
  assert.deepEqual(board.saved, config);
  assert.ok(booted > lines.changes.at(-1)!.at && booted > before, 'the stamp is of the boot after the retried write');
});

test("reset 'none': a hung board cannot be recovered, and BoardHungError says why", async () => {
  const { session, board, lines } = await setup('none');
  board.hang();
  const err = await hungError(session.info());
  assert.equal(lines.pulses, 0);
  assert.ok(err.message.startsWith('board hung: bench-7'));
  assert.match(err.resetTried, /^none \(the lab config says reset: 'none'.*which failed: Cannot reset the board on .*its lab config says reset: 'none'/);
  assert.ok(err.cause instanceof ResetRefusedError);
});

test("reset 'rpc': a hung board does not answer Sys.Reboot either, and BoardHungError says so", async () => {
  const { session, board } = await setup('rpc');
  board.hang();
  const err = await hungError(session.info());
  assert.equal(board.count('Sys.Reboot'), 1, 'one reset tried');
  assert.equal(board.count('Sys.GetInfo'), 1);
  assert.match(err.resetTried, /^rpc \(Sys\.Reboot .*which failed: Sys\.Reboot on .* cannot reboot itself/);
});

test('reset(): the driver resets the board and the stamp of its boot line is returned', async () => {
  const { session, lines } = await setup();
  const since = session.link.now();
  const booted = await session.reset();
  assert.equal(session.resetMethod, 'dtr-rts');
  assert.equal(lines.pulses, 1);
  assert.ok(booted >= since && booted >= lines.changes.at(-1)!.at, 'the boot line after EN was released');
  const bootEvents = session.link.history().filter((l) => l.type === 'event' && l.t >= since);
  assert.deepEqual(bootEvents.map((l) => l.t), [booted], 'the one boot event after the reset');
});

test("reset() by 'rpc' sends Sys.Reboot; by 'none' it is refused with the driver's error, not BoardHungError", async () => {
  const rpc = await setup('rpc');
  const since = rpc.session.link.now();
  const booted = await rpc.session.reset();
  assert.equal(rpc.board.count('Sys.Reboot'), 1);
  assert.ok(booted >= since);
  const none = await setup('none');
  await assert.rejects(none.session.reset(), (e: unknown) => e instanceof ResetRefusedError && /reset: 'none'/.test(e.message));
  assert.equal(none.lines.pulses, 0);
});

test('a board hung when the session opens is reset once and the handshake is done again', async () => {
  const { session, board, lines } = await setup('dtr-rts', (b) => b.hang(['last words before the session']));
  assert.equal(lines.pulses, 1);
  assert.equal(board.state, 'running');
  assert.equal((await session.info()).id, 'esp32_FAKE01');
});
