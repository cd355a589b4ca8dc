/**
 * The dtr-rts driver against a fake port that records line changes, and against a real
 * pseudo-terminal (no modem lines). The expected sequence is esptool's HardReset
 * (esptool/reset.py: RTS asserted = EN low, 100 ms, RTS released, DTR left released) and
 * mos's BootFirmware (cli/flash/esp/rom_client/rom_client.go: DTR false = GPIO0 pulled
 * up, RTS true = reset, 50 ms, RTS false = boot): EN pulsed low, GPIO0 high throughout.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_HOLD_MS, DtrRtsReset, ResetError, ResetUnsupportedError } from '../../../harness/boards/reset/index.ts';
import { SerialLink } from '../../../harness/serial/serial-link.ts';
import { openPtyPeer } from '../../helpers/pty-peer.ts';
import { FakeModemLines, pinsOf } from './fake-modem-lines.ts';

/** A clock that moves only when the driver waits, so the hold is measured exactly. */
function steppedClock(): { now: () => number; wait: (ms: number) => Promise<void>; waits: number[] } {
  let t = 1000;
  const waits: number[] = [];
  return {
    now: () => t,
    wait: async (ms) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
}

test('dtr-rts: EN held low with GPIO0 high for 100 ms, then released with GPIO0 still high', async () => {
  const clock = steppedClock();
  const port = new FakeModemLines('/dev/ttyFAKE0', clock.now);
  const driver = new DtrRtsReset(port, { wait: clock.wait });
  const result = await driver.reset();
  assert.deepEqual(
    port.changes.map(({ dtr, rts }) => ({ dtr, rts })),
    [
      { dtr: false, rts: true },
      { dtr: false, rts: false },
    ],
  );
  assert.deepEqual(
    port.changes.map(({ en, gpio0 }) => ({ en, gpio0 })),
    [
      { en: false, gpio0: true },
      { en: true, gpio0: true },
    ],
    'through the transistors: chip in reset with GPIO0 high, then out of reset with GPIO0 high (boot from flash)',
  );
  assert.equal(DEFAULT_HOLD_MS, 100);
  assert.deepEqual(clock.waits, [100]);
  assert.equal(port.changes[1]!.at - port.changes[0]!.at, 100, 'EN low for exactly the hold time');
  assert.equal(port.pulses, 1);
  assert.deepEqual(result, { method: 'dtr-rts', t: port.changes[1]!.at });
});

test('dtr-rts on real timers: the pulse is at least the hold time wide', async () => {
  const port = new FakeModemLines('/dev/ttyFAKE0');
  await new DtrRtsReset(port, { holdMs: 30 }).reset();
  const width = port.changes[1]!.at - port.changes[0]!.at;
  assert.ok(width >= 29, `EN low for ${width.toFixed(1)} ms, wanted >= 30`);
  assert.ok(width < 2_000, `EN low for ${width.toFixed(1)} ms: the hold is not bounded`);
});

test('the circuit model: both lines asserted (a freshly opened port) keeps the chip running', () => {
  assert.deepEqual(pinsOf({ dtr: true, rts: true }), { en: true, gpio0: true });
  assert.deepEqual(pinsOf({ dtr: true, rts: false }), { en: true, gpio0: false });
});

test('dtr-rts: an adapter that fails to set the lines is a ResetError naming the port and the lines', async () => {
  const port = new FakeModemLines('/dev/ttyUSB3');
  port.failWith = new Error('No such device');
  const err = await new DtrRtsReset(port, { holdMs: 1 }).reset().then(
    () => assert.fail('the set failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ResetError && !(err instanceof ResetUnsupportedError));
  assert.equal(err.path, '/dev/ttyUSB3');
  assert.match(err.message, /Setting DTR=false RTS=true on \/dev\/ttyUSB3 failed: No such device/);
});

test("dtr-rts on a pseudo-terminal: ResetUnsupportedError naming the port and pointing to reset: 'rpc'", async () => {
  const peer = openPtyPeer();
  const link = await SerialLink.open({ path: peer.path });
  try {
    const err = await new DtrRtsReset(link).reset().then(
      () => assert.fail('a pty has no modem lines'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ResetUnsupportedError);
    assert.equal(err.path, link.path);
    assert.equal(err.method, 'dtr-rts');
    assert.ok(err.message.includes(`on ${peer.path} by DTR/RTS`), err.message);
    assert.match(err.message, /no modem lines/);
    assert.match(err.message, /reset: 'rpc'/);
    assert.match(String((err.cause as Error).message), /Inappropriate ioctl/);
  } finally {
    await link.close();
    peer.close();
  }
});
