import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeCounted, nothingToJudge } from '../../harness/checks/verdict.ts';

const findings = { expected: null, observed: null, evidence: [], source: [] };
const reasons = { pass: (n: number) => `${n} thing(s) judged`, nothing: 'no thing was seen' };

describe('judgeCounted', () => {
  it('skips when nothing was judged and nothing went wrong, saying what was missing', () => {
    const v = judgeCounted('connect.fields', 0, [], reasons, findings);
    assert.equal(v.verdict, 'skip');
    assert.equal(v.reason, 'nothing to judge: no thing was seen');
  });

  it('passes with the count in the reason', () => {
    const v = judgeCounted('connect.fields', 3, [], reasons, findings);
    assert.equal(v.verdict, 'pass');
    assert.equal(v.reason, '3 thing(s) judged');
  });

  it('fails on a problem even when the count is 0: a failure is never turned into a skip', () => {
    const v = judgeCounted('connect.fields', 0, ['it broke', 'and this'], reasons, findings);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /^it broke \(and 1 more: and this\)$/);
  });

  it('treats a count that is not a positive number as nothing judged', () => {
    assert.equal(judgeCounted('connect.fields', Number.NaN, [], reasons, findings).verdict, 'skip');
    assert.equal(judgeCounted('connect.fields', -1, [], reasons, findings).verdict, 'skip');
  });
});

describe('nothingToJudge', () => {
  it('is a skip whose reason starts with "nothing to judge: "', () => {
    const v = nothingToJudge('keepalive.ping', 'no session', { source: [] });
    assert.deepEqual([v.verdict, v.reason], ['skip', 'nothing to judge: no session']);
  });
});
