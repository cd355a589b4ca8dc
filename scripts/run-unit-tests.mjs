#!/usr/bin/env node
// Runs test/**/*.test.ts with Node's own test runner (through tsx).
// Node 20's --test does not expand globs, so the files are listed here.
// Extra arguments are passed on as path filters: `npm run test:unit -- serial` runs
// only files whose path contains "serial".
// test/qualify/ holds whole qualification runs whose timing must not share the two cores
// with other tests: they run only when asked for (`--qualify`), one file at a time, each
// announced, with a line at least every minute while it is quiet (one such file runs for
// minutes before its first test result).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

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
const testArgs = (list) => ['--import', 'tsx', '--test', `--test-concurrency=${qualifyOnly ? 1 : 2}`, '--test-reporter=spec', ...list];

if (!qualifyOnly) {
  const result = spawnSync(process.execPath, testArgs(files), { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const QUIET_MS = 60_000;
const minutes = (ms) => `${(ms / 60_000).toFixed(1)} min`;

/** Runs one file, passing its output on, and says it is still running after every quiet minute. */
function runOne(file, index) {
  return new Promise((resolve) => {
    const started = Date.now();
    let last = started;
    process.stdout.write(`\n[qualify tests ${index + 1}/${files.length}] ${file}\n`);
    const child = spawn(process.execPath, testArgs([file]), { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
    const pass = (to) => (chunk) => {
      last = Date.now();
      to.write(chunk);
    };
    child.stdout.on('data', pass(process.stdout));
    child.stderr.on('data', pass(process.stderr));
    const beat = setInterval(() => {
      if (Date.now() - last < QUIET_MS) return;
      last = Date.now();
      process.stdout.write(`[qualify tests ${index + 1}/${files.length}] ${file}: still running, ${minutes(Date.now() - started)}\n`);
    }, 5_000);
    child.on('close', (code, signal) => {
      clearInterval(beat);
      process.stdout.write(`[qualify tests ${index + 1}/${files.length}] ${file}: ${code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`} in ${minutes(Date.now() - started)}\n`);
      resolve(code ?? 1);
    });
  });
}

const failed = [];
for (const [i, file] of files.entries()) if ((await runOne(file, i)) !== 0) failed.push(file);
if (failed.length > 0) process.stdout.write(`\nqualify test files that failed: ${failed.join(', ')}\n`);
process.exit(failed.length > 0 ? 1 : 0);
