/** A mutant board stops at its first kill (harness/mutation/fail-fast.ts). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { killedBy, killMark, killsMutant, markKilled } from '../../harness/mutation/fail-fast.ts';

const overloaded = { verdict: 'skip' as const, reason: 'not judged: host overloaded (lag 300 ms, over 250 ms); the verdict would have been pass' };

test('a scenario that failed or broke kills the mutant; one that passed, was skipped, or was only overloaded does not', () => {
  assert.equal(killsMutant('failed', [{ verdict: 'fail', reason: 'x' }]), true);
  assert.equal(killsMutant('failed', [{ verdict: 'skip', reason: 'too few attempts' }]), true);
  assert.equal(killsMutant('timedOut', undefined), true, 'a scenario that ran out of time with no verdict');
  assert.equal(killsMutant('failed', [{ verdict: 'pass', reason: '' }]), true, 'a wait in vain after passing verdicts');
  assert.equal(killsMutant('failed', [overloaded, { verdict: 'pass', reason: '' }]), false, 'the host, not the mutant');
  assert.equal(killsMutant('failed', [overloaded, { verdict: 'fail', reason: 'x' }]), true);
  assert.equal(killsMutant('passed', undefined), false);
  assert.equal(killsMutant('skipped', undefined), false);
});

test('the mark is per run and board, and says which scenario killed', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-failfast-'));
  const a = killMark(tmp, '/reports/mutation-1', 'mutant-7');
  assert.notEqual(a, killMark(tmp, '/reports/mutation-2', 'mutant-7'));
  assert.notEqual(a, killMark(tmp, '/reports/mutation-1', 'mutant-8'));
  assert.equal(killedBy(a), undefined);
  markKilled(a, 'primary refuses every connection');
  assert.equal(killedBy(a), 'primary refuses every connection');
});
