import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createResetDriver,
  DtrRtsReset,
  NoReset,
  ResetError,
  type ResetMethod,
  resetMethodFor,
  RpcReset,
} from '../../../harness/boards/reset/index.ts';
import { labConfig } from '../../../harness/lab/schema.ts';
import { FakeModemLines } from './fake-modem-lines.ts';

const wifi = { ssid: 'lab', pass: 'x' };

test('the method comes from the lab config: physical boards their `reset` (default dtr-rts), virtual boards rpc', () => {
  const lab = labConfig.parse({
    boards: [
      { name: 'v', kind: 'virtual' },
      { name: 'p-default', kind: 'physical', port: '/dev/ttyUSB0', wifi },
      { name: 'p-rpc', kind: 'physical', port: '/dev/ttyUSB1', reset: 'rpc', wifi },
      { name: 'p-none', kind: 'physical', port: '/dev/ttyUSB2', reset: 'none', wifi },
    ],
  });
  assert.deepEqual(lab.boards.map(resetMethodFor), ['rpc', 'dtr-rts', 'rpc', 'none']);
});

test('each method builds its driver, bound to the given link and RPC client', async () => {
  const link = new FakeModemLines('/dev/ttyUSB0');
  const rebooted: string[] = [];
  const rpc = {
    call: async <T>(method: string): Promise<T> => {
      rebooted.push(method);
      return null as T;
    },
  };
  const dtr = createResetDriver('dtr-rts', { link, rpc }, { holdMs: 1 });
  assert.ok(dtr instanceof DtrRtsReset);
  await dtr.reset();
  assert.equal(link.pulses, 1, 'bound to the given modem lines');
  const viaRpc = createResetDriver('rpc', { link, rpc });
  assert.ok(viaRpc instanceof RpcReset);
  await viaRpc.reset();
  assert.deepEqual(rebooted, ['Sys.Reboot'], 'bound to the given RPC client');
  assert.ok(createResetDriver('none', { link, rpc }) instanceof NoReset);
  assert.throws(
    () => createResetDriver('reboot-by-hand' as ResetMethod, { link, rpc }),
    (e: unknown) => e instanceof ResetError && /Unknown reset method 'reboot-by-hand' for \/dev\/ttyUSB0; use one of dtr-rts, rpc, none/.test(e.message),
  );
});
