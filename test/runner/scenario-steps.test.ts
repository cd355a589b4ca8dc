/** Scenario actions as Playwright steps: titled with their arguments (no secret), located and framed at the spec line. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { callerLocation, framedAt, type StepRunner, stepTitle, wrapInSteps } from '../../harness/runner/scenario-steps.ts';

const harness = path.resolve(import.meta.dirname, '../../harness/runner/scenario.ts');

test('the caller is the first frame outside the harness and node_modules', () => {
  const stack = ['Error', `    at Scenario.setup (${harness}:120:5)`, '    at /p/node_modules/playwright/lib/x.js:1:1', '    at /p/scenarios/will.spec.ts:13:22', '    at /p/scenarios/other.ts:1:1'].join('\n');
  assert.deepEqual(callerLocation(stack), { file: '/p/scenarios/will.spec.ts', line: 13, column: 22 });
  assert.equal(callerLocation(`Error\n    at Scenario.setup (${harness}:1:1)`), undefined);
});

test('a step title shows the arguments, secrets redacted, long ones cut, functions left out', () => {
  assert.equal(stepTitle('setup', [{ mqtt: { pass: 'hunter2', keep_alive: 5 } }]), 'setup {"mqtt":{"pass":"***","keep_alive":5}}');
  assert.equal(stepTitle('verifying', [['will.on-abrupt-loss'], async () => {}]), 'verifying ["will.on-abrupt-loss"]');
  assert.equal(stepTitle('reset', []), 'reset');
  assert.equal(stepTitle('pub', ['x'.repeat(100)]).length, 'pub '.length + 60);
});

test('an error out of an action gets the spec line as its first frame, once, keeping the harness frames after it', () => {
  const err = new Error('no session within 10 s');
  const before = err.stack!.split('\n').slice(1);
  framedAt(err, { file: '/p/scenarios/will.spec.ts', line: 13, column: 22 });
  framedAt(err, { file: '/p/scenarios/other.spec.ts', line: 1, column: 1 });
  const lines = err.stack!.split('\n');
  assert.equal(lines[0], 'Error: no session within 10 s');
  assert.equal(lines[1], '    at /p/scenarios/will.spec.ts:13:22');
  assert.deepEqual(lines.slice(2), before);
});

test('wrapped methods run as steps located at their caller; without a runner they run as they are', async () => {
  class Thing {
    runner: StepRunner | undefined;
    async act(n: number): Promise<number> {
      if (n < 0) throw new Error('negative');
      return n * 2;
    }
  }
  wrapInSteps(Thing.prototype, ['act'], (t) => t.runner);
  const seen: Array<{ title: string; line?: number }> = [];
  const t = new Thing();
  assert.equal(await t.act(2), 4);
  assert.equal(seen.length, 0, 'no runner: no step');
  t.runner = async (title, body, location) => {
    seen.push({ title, ...(location ? { line: location.line } : {}) });
    return body();
  };
  assert.equal(await t.act(3), 6);
  assert.equal(seen[0]!.title, 'act 3');
  const line = seen[0]!.line ?? 0;
  assert.ok(line > 0, 'located at this test file');
  await assert.rejects(t.act(-1), (e: Error) => e.stack!.split('\n')[1]!.includes(import.meta.filename));
});
