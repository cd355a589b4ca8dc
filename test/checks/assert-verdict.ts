/** Assertions on verdicts shared by the check tests. */
import assert from 'node:assert/strict';
import type { Verdict } from '../../harness/checks/input.ts';
import { NOTHING_TO_JUDGE } from '../../harness/checks/verdict.ts';

/** A skip for lack of evidence, saying what was missing (matching `missing` when given). */
export function assertNothingToJudge(v: Verdict, missing?: RegExp): void {
  assert.equal(v.verdict, 'skip', `${v.id}: expected a skip, got ${v.verdict}: ${v.reason}`);
  assert.ok(v.reason.startsWith(NOTHING_TO_JUDGE), `${v.id}: the skip's reason should start with "${NOTHING_TO_JUDGE}": ${v.reason}`);
  if (missing) assert.match(v.reason, missing);
}

/** A pass whose reason names how much it judged (`count` items). */
export function assertPassCounting(v: Verdict, count: number): void {
  assert.equal(v.verdict, 'pass', `${v.id}: ${v.reason}`);
  assert.match(v.reason, new RegExp(`(^|\\D)${count}(\\D|$)`), `${v.id}: the pass should name its count ${count}: ${v.reason}`);
}
