/** The soak's table in docs/check-power.md says under what load it was measured (harness/power/soak.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIds } from '../../harness/checks/input.ts';
import { renderSoak, type SoakSummary } from '../../harness/power/soak.ts';
import { stressNg } from '../../harness/power/stress.ts';

const summary = (extra: Partial<SoakSummary>): SoakSummary => ({
  runs: 50,
  timeScale: 20,
  boards: 1,
  loadAvg1: { min: 2.1, max: 3.46 },
  interrupted: false,
  perCheck: Object.fromEntries(checkIds.map((id) => [id, { falseFailures: 0, rate: 0, judgedRuns: id.startsWith('keepalive.') ? 1 : 0 }])) as SoakSummary['perCheck'],
  brokenRuns: 0,
  runsWithAnyFalseAlarm: 0,
  runsOverloaded: 0,
  ...extra,
});

test('a stressed soak names its load command and the load average it saw', () => {
  const md = renderSoak(summary({ stress: stressNg(2, 3600) }), '2026-12-01');
  assert.match(md, /npm run soak -- --runs 50 --stress --write/);
  assert.match(md, /`stress-ng --cpu 2 --timeout 3600s --quiet` for the whole soak; 1-minute load average at the end of the runs 2\.1–3\.5/);
});

test('an unstressed or narrowed soak says so', () => {
  const md = renderSoak(summary({ grep: 'keepalive', interrupted: true }), '2026-12-01');
  assert.doesNotMatch(md, /--stress/);
  assert.match(md, /npm run soak -- --runs 50 --grep 'keepalive' --write/);
  assert.match(md, /only scenarios matching `keepalive`\) \(stopped early\)/);
  assert.match(md, /\| `keepalive\.ping` \| 0 \|/);
  assert.doesNotMatch(md, /backoff\.schedule/, 'a check the narrowed soak never judged is not shown as 0 false failures');
});

test('a full soak shows every check, judged or not', () => {
  assert.match(renderSoak(summary({}), '2026-12-01'), /\| `backoff\.schedule` \| 0 \|/);
});

test('a soak of several boards at once, and runs the host kept from judging, say so', () => {
  const md = renderSoak(summary({ boards: 2, stress: stressNg(2, 3600), runsOverloaded: 3 }), '2026-12-02');
  assert.match(md, /npm run soak -- --runs 50 --boards 2 --stress --write/);
  assert.match(md, /\(2 boards of one lab at a time\)/);
  assert.match(md, /0 with any false alarm, 0 with a broken scenario, 3 with checks not judged for host overload \(no false alarm, no pass\)\./);
  assert.doesNotMatch(renderSoak(summary({}), '2026-12-02'), /boards of one lab|not judged for host overload/);
});
