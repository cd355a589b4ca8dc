import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResetError, RpcReset } from '../../../harness/boards/reset/index.ts';
import { RpcTimeoutError } from '../../../harness/serial/rpc-errors.ts';

const port = { path: '/dev/ttyFAKE1', now: () => 42 };

test('rpc: one Sys.Reboot with delay_ms, resolving once the firmware answered', async () => {
  const calls: [string, unknown, unknown][] = [];
  const rpc = {
    call: async <T>(method: string, params?: unknown, options?: unknown): Promise<T> => {
      calls.push([method, params, options]);
      return null as T;
    },
  };
  const result = await new RpcReset(rpc, port, { rebootDelayMs: 250, timeoutMs: 3000 }).reset();
  assert.deepEqual(calls, [['Sys.Reboot', { delay_ms: 250 }, { timeoutMs: 3000 }]]);
  assert.deepEqual(result, { method: 'rpc', t: 42 });
  assert.equal(new RpcReset(rpc, port).rebootDelayMs, 100, "the firmware's own default delay");
});

test('rpc on a board that does not answer: ResetError saying it cannot reboot itself, pointing to dtr-rts', async () => {
  const timeout = new RpcTimeoutError({ method: 'Sys.Reboot', id: 7, timeoutMs: 50, path: port.path, tail: [], rejectedFrames: [], logPath: undefined });
  const rpc = { call: () => Promise.reject(timeout) };
  const err = await new RpcReset(rpc, port).reset().then(
    () => assert.fail('the call failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ResetError);
  assert.equal(err.method, 'rpc');
  assert.equal(err.cause, timeout);
  assert.match(err.message, /^Sys\.Reboot on \/dev\/ttyFAKE1 failed \(RPC Sys\.Reboot \(id 7\) got no reply/);
  assert.match(err.message, /cannot reboot itself/);
  assert.match(err.message, /reset: 'dtr-rts'/);
});
