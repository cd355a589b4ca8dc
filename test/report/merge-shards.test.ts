/**
 * Merging shards (`hil qualify --shard i/n`, then `hil report --merge`): one qualification
 * only when every shard of one split is there and none was narrowed further; a failed
 * shard fails the merge; shards that cannot make one run are refused before anything is written.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { mergeRuns } from '../../harness/report/merge.ts';
import { describeFilter, type RunFilter, type RunResults, type ScenarioDelays, type VerdictRecord, WHOLE_RUN } from '../../harness/report/results.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-merge-shards-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const board = { name: 'virtual', kind: 'virtual' as const, info: { id: 'esp32_A0B1C2' }, fwId: 'fw', timeScale: 20, epsilonMs: 50, personalities: [] };

/** A shard's run folder holding these scenarios of connect.spec.ts, each judged by one verdict. */
function shardRun(runId: string, titles: string[], filter: RunFilter, verdict: 'pass' | 'fail' = 'pass', delays?: ScenarioDelays): string {
  const dir = path.join(tmp, runId);
  fs.mkdirSync(dir, { recursive: true });
  const file = 'connect.spec.ts';
  const verdicts = titles.map((title) => ({ id: 'connect.fields', verdict, reason: verdict === 'pass' ? 'as configured' : 'no will', board: 'virtual', scenario: title, file, evidence: [], source: [] }) as unknown as VerdictRecord);
  const results: RunResults = {
    schema: 'mgos-hil/results@1',
    runId,
    harnessVersion: '0.1.0',
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:01:00.000Z',
    status: verdict === 'fail' ? 'failed' : 'partial',
    filter,
    lab: {},
    boards: { virtual: board },
    scenarios: titles.map((title) => ({ board: 'virtual', title, file, status: verdict === 'fail' ? 'failed' : 'passed', durationMs: 10, ...(delays ? { delays } : {}) })),
    verdicts: [...verdicts, ...(delays ? [{ id: 'backoff.jitter-distribution', verdict: 'skip', reason: 'too few delays in this shard', board: 'virtual', scenario: WHOLE_RUN, file: '', evidence: [], source: [] } as unknown as VerdictRecord] : [])],
  };
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results));
  return dir;
}

const of2 = (i: number, extra: RunFilter = {}): RunFilter => ({ ...extra, shard: { ran: [i], of: 2 } });

test('both shards of a split merge into one passed qualification, each scenario once, one board', () => {
  const a = shardRun('s1', ['a', 'b'], of2(1));
  const b = shardRun('s2', ['c'], of2(2));
  const { results } = mergeRuns([a, b], path.join(tmp, 'out-both'));
  assert.equal(results.status, 'passed');
  assert.equal(results.filter, undefined, 'nothing left out');
  assert.deepEqual(Object.keys(results.boards), ['virtual']);
  assert.deepEqual(results.scenarios.map((s) => s.title).sort(), ['a', 'b', 'c']);
  assert.equal(results.verdicts.length, 3);
  const junit = fs.readFileSync(path.join(tmp, 'out-both', 'junit.xml'), 'utf8');
  assert.equal((junit.match(/<testcase /g) ?? []).length, 3, 'one junit.xml with the cases of both shards');
});

test('one shard of two, merged alone, stays partial and says which shard is missing', () => {
  const { results } = mergeRuns([shardRun('only1', ['a'], of2(1))], path.join(tmp, 'out-one'));
  assert.equal(results.status, 'partial');
  assert.match(describeFilter(results.filter!), /shard 2 of 2 left out/);
});

test('shards of a --grep run stay partial; a failed shard fails the merge', () => {
  const grep = mergeRuns([shardRun('g1', ['a'], of2(1, { grep: 'connect' })), shardRun('g2', ['b'], of2(2, { grep: 'connect' }))], path.join(tmp, 'out-grep'));
  assert.equal(grep.results.status, 'partial');
  assert.equal(grep.results.filter?.grep, 'connect');
  const failed = mergeRuns([shardRun('f1', ['a'], of2(1)), shardRun('f2', ['b'], of2(2), 'fail')], path.join(tmp, 'out-failed'));
  assert.equal(failed.results.status, 'failed');
});

test('the same shard twice, shards of two splits, or a shard with a whole run: refused, nothing written', () => {
  const out = path.join(tmp, 'out-refused');
  assert.throws(() => mergeRuns([shardRun('d1', ['a'], of2(1)), shardRun('d1b', ['a'], of2(1))], out), /shard 1\/2 is in two runs, d1 and d1b/);
  assert.throws(() => mergeRuns([shardRun('t2', ['a'], of2(1)), shardRun('t3', ['b'], { shard: { ran: [2], of: 3 } })], out), /different splits.*same --shard i\/n/);
  assert.throws(() => mergeRuns([shardRun('w1', ['a'], of2(1)), shardRun('whole', ['b'], {})], out), /are shards but whole is not/);
  assert.equal(fs.existsSync(out), false);
});

test('every board of the lab, one --board run per host, merges into a qualification', () => {
  const a = shardRun('h1', ['a'], { boards: { ran: ['virtual'], of: ['virtual', 'other'] } });
  const bDir = shardRun('h2', ['a'], { boards: { ran: ['other'], of: ['virtual', 'other'] } });
  const bFile = path.join(bDir, 'results.json');
  const b = JSON.parse(fs.readFileSync(bFile, 'utf8')) as RunResults;
  const other = { ...board, name: 'other', info: { id: 'esp32_other' } };
  fs.writeFileSync(bFile, JSON.stringify({ ...b, boards: { other }, scenarios: b.scenarios.map((s) => ({ ...s, board: 'other' })), verdicts: b.verdicts.map((v) => ({ ...v, board: 'other' })) }));
  assert.equal(mergeRuns([a, bDir], path.join(tmp, 'out-hosts')).results.status, 'passed');
});

test('whole-run verdicts are judged again over the merged delays: one per board, not one per shard', () => {
  // Delays that only ever add time (U ≥ 0.5), 6 per scenario: each shard alone has too few (its own whole-run verdict skips), three scenarios pooled are enough.
  const samples = Array.from({ length: 6 }, (_, i) => {
    const delayMs = 2000 + 17 * (i + 1);
    return { t: i, from: 'logged' as const, nominalMs: 2000, delayMs, fraction: (delayMs + 0.5 - 1800) / 400, error: 0.5 / 400, restart: i, position: 1 };
  });
  const delays: ScenarioDelays = { epsilonMs: 50, samples };
  const a = shardRun('d1', ['a', 'b'], of2(1), 'pass', delays);
  const b = shardRun('d2', ['c'], of2(2), 'pass', delays);
  const { results } = mergeRuns([a, b], path.join(tmp, 'out-delays'));
  const whole = results.verdicts.filter((v) => v.scenario === WHOLE_RUN);
  assert.equal(whole.length, 1, JSON.stringify(whole.map((v) => v.reason)));
  assert.equal(whole[0]!.verdict, 'fail', whole[0]!.reason);
  assert.match(whole[0]!.reason, /0 below, 18 at or above/);
  assert.equal(results.status, 'failed');
});
