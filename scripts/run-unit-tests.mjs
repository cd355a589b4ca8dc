#!/usr/bin/env node
// Runs test/**/*.test.ts with Node's own test runner (through tsx).
// Node 20's --test does not expand globs, so the files are listed here.
// Extra arguments are passed on as path filters: `npm run test:unit -- serial` runs
// only files whose path contains "serial".
// test/qualify/ holds whole qualification runs whose timing must not share the two cores
// with other tests: they run only when asked for (`--qualify`), one file at a time.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const qualifyOnly = process.argv.includes('--qualify');
const filters = process.argv.slice(2).filter((a) => a !== '--qualify');
const files = readdirSync(join(root, 'test'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
  .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
  .filter((f) => f.startsWith('test/qualify/') === qualifyOnly)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files matched ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${qualifyOnly ? 1 : 2}`, '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
