import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { TimelineEvent } from '../../harness/timeline/events.ts';
import { hilEventOf, isHilEvent } from '../../harness/timeline/hil-events.ts';

const boot: TimelineEvent = {
  kind: 'serial',
  t: 10,
  board: 'dut',
  line: { type: 'event', text: 'HIL {"ev":"boot","t":261,"fw_id":"x"}', event: { ev: 'boot', t: 261, fw_id: 'x' } },
};
const log: TimelineEvent = { kind: 'serial', t: 11, board: 'dut', line: { type: 'log', text: 'mgos_wifi.c:82          WiFi STA: connecting' } };
const note: TimelineEvent = { kind: 'note', t: 12, text: 'scenario start' };

it("reads a board's HIL event line and nothing else", () => {
  assert.deepEqual(hilEventOf(boot), { ev: 'boot', t: 261, fw_id: 'x' });
  assert.equal(hilEventOf(log), undefined);
  assert.equal(hilEventOf(note), undefined);
  assert.ok(isHilEvent(boot, 'boot'));
  assert.ok(!isHilEvent(boot, 'connack'));
  assert.ok(!isHilEvent(boot, 'boot', (e) => e.t > 1000));
  assert.ok(!isHilEvent(log, 'boot'));
});
