import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NoReset, ResetRefusedError } from '../../../harness/boards/reset/index.ts';

test("none: every reset is refused with a message that names the board's port and the other methods", async () => {
  const err = await new NoReset('/dev/ttyUSB9').reset().then(
    () => assert.fail('none cannot reset'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ResetRefusedError);
  assert.equal(err.method, 'none');
  assert.equal(err.path, '/dev/ttyUSB9');
  assert.match(err.message, /^Cannot reset the board on \/dev\/ttyUSB9: its lab config says reset: 'none'/);
  assert.match(err.message, /by hand/);
  assert.match(err.message, /'dtr-rts'/);
});
