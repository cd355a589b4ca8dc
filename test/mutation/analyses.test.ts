/**
 * The written analyses of surviving mutants against today's code: an edit the file makes in
 * several places must say which of them each analysis is about (harness/mutation/analyses.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { type Analysis, analyses, analysisKey, writtenAnalysis } from '../../harness/mutation/analyses.ts';
import { instrumentMqtt, type MutantInfo, numberSites } from '../../harness/mutation/instrument.ts';

const m = (line: number, over: Partial<MutantInfo> = {}): MutantInfo => ({
  id: String(line), file: 'harness/virtual/mqtt/client.ts', line, column: 9, mutator: 'StringLiteral', original: "'destroy'", replacement: '""', ...over,
});

test('an edit made in several places of a file is numbered in file order; a single one is not', () => {
  const numbered = numberSites([m(30), m(10), m(20, { original: "'flush'" }), m(5, { file: 'harness/virtual/mqtt/other.ts' })]);
  assert.deepEqual(numbered.map((x) => [x.line, x.site, x.sites]), [[30, 2, 2], [10, 1, 2], [20, undefined, undefined], [5, undefined, undefined]]);
});

test('an analysis reaches only the sites it names; one without sites is not applied where the edit is made twice', () => {
  const key = analysisKey(m(1));
  const first: Analysis = { equivalent: true, analysis: 'first', sites: [1] };
  const rest: Analysis = { equivalent: false, analysis: 'rest', sites: 'all' };
  assert.equal(writtenAnalysis({ ...m(1), site: 1, sites: 3 }, { [key]: [first, rest] })?.analysis, 'first');
  assert.equal(writtenAnalysis({ ...m(1), site: 3, sites: 3 }, { [key]: [first, rest] })?.analysis, 'rest');
  assert.equal(writtenAnalysis({ ...m(1), site: 2, sites: 3 }, { [key]: first }), undefined);
  assert.equal(writtenAnalysis({ ...m(1), site: 2, sites: 3 }, { [key]: { equivalent: true, analysis: 'one place' } }), undefined);
  assert.equal(writtenAnalysis(m(1), { [key]: { equivalent: true, analysis: 'one place' } })?.analysis, 'one place', 'a report without site numbers');
});

test("every written analysis of an edit today's code makes in several places names its sites, each site once", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-analyses-'));
  try {
    const sites = new Map<string, number>();
    for (const x of await instrumentMqtt(dir, () => true)) sites.set(analysisKey(x), x.sites ?? 1);
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(analyses)) {
      const n = sites.get(key) ?? 0;
      const list: readonly Analysis[] = Array.isArray(entry) ? entry : [entry as Analysis];
      if (n <= 1) {
        if (list.length > 1) problems.push(`${key}: ${list.length} analyses of an edit made in one place`);
        continue;
      }
      const named = list.flatMap((a) => (a.sites === 'all' ? Array.from({ length: n }, (_, i) => i + 1) : a.sites ?? []));
      if (list.some((a) => a.sites === undefined)) problems.push(`${key}: made in ${n} places, an analysis without sites`);
      if (named.some((s) => s < 1 || s > n)) problems.push(`${key}: a site outside 1–${n}`);
      if (new Set(named).size !== named.length) problems.push(`${key}: a site named twice`);
    }
    assert.deepEqual(problems, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
