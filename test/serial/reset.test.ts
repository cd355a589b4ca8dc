import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResetError, ResetUnsupportedError, resetBoard, waitForBoot } from '../../harness/serial/reset.ts';
import { SerialLink } from '../../harness/serial/serial-link.ts';
import { openPtyPeer } from '../helpers/pty-peer.ts';

async function withPtyLink(body: (link: SerialLink, write: (s: string) => Promise<void>) => Promise<void>): Promise<void> {
  const peer = openPtyPeer();
  const link = await SerialLink.open({ path: peer.path });
  try {
    await body(link, (s) => peer.write(s));
  } finally {
    await link.close();
    peer.close();
  }
}

test('dtr-rts: EN low with GPIO0 high for the hold time, then released', async () => {
  const calls: { dtr: boolean; rts: boolean; at: number }[] = [];
  const fake = {
    path: '/dev/ttyFAKE0',
    now: () => performance.now(),
    setModemLines: async (lines: { dtr: boolean; rts: boolean }) => {
      calls.push({ ...lines, at: performance.now() });
    },
  } as unknown as SerialLink;
  const result = await resetBoard(fake, 'dtr-rts', { holdMs: 30 });
  assert.deepEqual(
    calls.map(({ dtr, rts }) => ({ dtr, rts })),
    [
      { dtr: false, rts: true },
      { dtr: false, rts: false },
    ],
  );
  assert.ok(calls[1]!.at - calls[0]!.at >= 29, 'EN held low for the hold time');
  assert.equal(result.method, 'dtr-rts');
});

test('dtr-rts on a pseudo-terminal: ResetUnsupportedError that points to rpc or none', async () => {
  await withPtyLink(async (link) => {
    const err = await resetBoard(link, 'dtr-rts').then(
      () => assert.fail('a pty has no modem lines'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ResetUnsupportedError);
    assert.equal(err.path, link.path);
    assert.match(err.message, /no modem lines/);
    assert.match(err.message, /'rpc'/);
    assert.match(err.message, /'none'/);
    assert.match(String((err.cause as Error).message), /Inappropriate ioctl/);
  });
});

test('rpc: Sys.Reboot with delay_ms, then the boot banner is awaited', async () => {
  await withPtyLink(async (link, write) => {
    const calls: [string, unknown][] = [];
    const rpc = {
      call: async <T>(method: string, params?: unknown): Promise<T> => {
        calls.push([method, params]);
        return null as T;
      },
    };
    const { t } = await resetBoard(link, 'rpc', { rpc, rebootDelayMs: 250 });
    assert.deepEqual(calls, [['Sys.Reboot', { delay_ms: 250 }]]);
    const booted = waitForBoot(link, { since: t, timeoutMs: 2000 });
    await write('ets Jun  8 2016 00:22:57\n\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n');
    await write('esp32_main.c:126        Mongoose OS 2.20.0 (20211018-101800)\n');
    const banner = await booted;
    assert.equal(banner.field, 'mongoose-os');
    assert.equal(banner.reboot, true);
  });
});

test('rpc without a client, and none', async () => {
  await withPtyLink(async (link) => {
    await assert.rejects(resetBoard(link, 'rpc'), (e: unknown) => e instanceof ResetError && /needs an RPC client/.test(e.message));
    const r = await resetBoard(link, 'none');
    assert.equal(r.method, 'none');
    assert.ok(r.t <= link.now());
  });
});
