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

// What rpc-common logs per request (mongoose-os-libs/rpc-common 2.20.0 src/mg_rpc.c,
// mg_rpc_handle_request / mg_rpc_handle_frame): the handler lookup first, then the
// prehandler (mgos_rpc.c's 418 window), then `<method> via <type> <info>` and the handler.
function logging() {
  const logged: string[] = [];
  const calls: string[] = [];
  const d = new Dispatcher(
    () => 'esp32_1CA848',
    (file, line, message) => logged.push(`${file}:${line} ${message}`),
  );
  d.register('Echo', (p) => {
    calls.push(`Echo after ${logged.length} log lines`);
    return p;
  });
  return { d, logged, calls };
}

test('a request that reaches its handler is logged once, before the handler runs', async () => {
  const { d, logged, calls } = logging();
  await d.handle('{"id":1,"src":"mos","method":"Echo"}');
  await d.handle('{"src":"mos","method":"Echo"}'); // no id: still handled, still logged
  assert.deepEqual(logged, ['mg_rpc.c:314 Echo via UART UART0', 'mg_rpc.c:314 Echo via UART UART0']);
  assert.deepEqual(calls, ['Echo after 1 log lines', 'Echo after 2 log lines']);
});

test('no handler: "No handler for X" is logged instead, and no "via" line', async () => {
  const { d, logged } = logging();
  await d.handle('{"id":3,"method":"No.Such"}');
  assert.deepEqual(logged, ['mg_rpc.c:291 No handler for No.Such']);
});

test('refused in the shutdown window: 418 and nothing logged; an unknown method is still 404', async () => {
  const { d, logged } = logging();
  d.shuttingDownAt = () => 42;
  assert.equal(JSON.parse((await d.handle('{"id":1,"method":"Echo"}'))!).error.code, 418);
  assert.deepEqual(logged, []);
  assert.equal(JSON.parse((await d.handle('{"id":2,"method":"No.Such"}'))!).error.code, 404);
});

test('a frame for another device is dropped with "Wrong dst"', async () => {
  const { d, logged } = logging();
  assert.equal(await d.handle('{"id":1,"dst":"esp32_000000","method":"Echo"}'), undefined);
  assert.deepEqual(logged, ["mg_rpc.c:423 Wrong dst: 'esp32_000000'"]);
});
