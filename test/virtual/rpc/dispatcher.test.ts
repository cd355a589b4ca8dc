import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceRpcError, Dispatcher, rewriteId } from '../../../harness/virtual/rpc/dispatcher.ts';

function dispatcher() {
  const d = new Dispatcher(() => 'esp32_1CA848');
  d.register('Echo', (p) => p);
  d.register('Bad', () => {
    throw new DeviceRpcError(400, 'bad arguments');
  });
  return d;
}

test('reply envelope carries id, src, dst and result', async () => {
  const reply = await dispatcher().handle('{"id":7,"src":"mos","method":"Echo","params":{"a":1}}');
  assert.deepEqual(JSON.parse(reply!), { id: 7, src: 'esp32_1CA848', dst: 'mos', result: { a: 1 } });
});

test('args is an old alias of params', async () => {
  const reply = await dispatcher().handle('{"id":7,"method":"Echo","args":{"b":2}}');
  assert.deepEqual(JSON.parse(reply!).result, { b: 2 });
});

test('unknown method: 404 No handler for X', async () => {
  const reply = JSON.parse((await dispatcher().handle('{"id":3,"method":"No.Such"}'))!);
  assert.deepEqual(reply.error, { code: 404, message: 'No handler for No.Such' });
});

test('handler errors keep their code', async () => {
  const reply = JSON.parse((await dispatcher().handle('{"id":3,"method":"Bad"}'))!);
  assert.deepEqual(reply.error, { code: 400, message: 'bad arguments' });
});

test('no id: the call runs but gets no reply', async () => {
  assert.equal(await dispatcher().handle('{"method":"Echo"}'), undefined);
});

test('a dst that is not the device id is dropped', async () => {
  assert.equal(await dispatcher().handle('{"id":1,"dst":"esp32_000000","method":"Echo"}'), undefined);
});

test('ids are rewritten: digits only become numbers, anything else strings', () => {
  assert.equal(rewriteId('7'), 7);
  assert.equal(rewriteId(7), 7);
  assert.equal(rewriteId(-1), '-1');
  assert.equal(rewriteId('abc'), 'abc');
});

test('418 in the shutdown window', async () => {
  const d = dispatcher();
  d.shuttingDownAt = () => 42;
  const reply = JSON.parse((await d.handle('{"id":1,"method":"Echo"}'))!);
  assert.deepEqual(reply.error, { code: 418, message: 'shutting down in 42 ms' });
});
