/**
 * Loaded by bin/hil.js only when HIL_MUTATION_DIR is set (a board started for mutation
 * testing): registers loader-hooks.ts so harness/virtual/mqtt/ comes from the instrumented
 * copy, and on exit writes the mutants the process reached, if asked to.
 */
import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MUTATION_ENV } from './env.ts';
import type { RedirectData } from './loader-hooks.ts';

const dir = process.env[MUTATION_ENV.instrumentedDir];
if (!dir || !fs.existsSync(path.join(dir, 'client.ts'))) {
  throw new Error(`${MUTATION_ENV.instrumentedDir}=${dir ?? ''} is not an instrumented copy of harness/virtual/mqtt/ (no client.ts in it); make one with \`npm run mutation\``);
}
const data: RedirectData = {
  originalUrl: pathToFileURL(path.resolve(import.meta.dirname, '../virtual/mqtt')).href + '/',
  instrumentedUrl: pathToFileURL(path.resolve(dir)).href + '/',
};
register('./loader-hooks.ts', import.meta.url, { data });

const coverageFile = process.env[MUTATION_ENV.coverageFile];
if (coverageFile) {
  process.on('exit', () => {
    const ns = (globalThis as { __stryker__?: { mutantCoverage?: { static?: Record<string, number>; perTest?: Record<string, Record<string, number>> } } }).__stryker__;
    // A board restarted by a new worker writes again: what earlier processes reached stays.
    const before: string[] = fs.existsSync(coverageFile) ? JSON.parse(fs.readFileSync(coverageFile, 'utf8')) : [];
    const reached = new Set([...before, ...Object.keys(ns?.mutantCoverage?.static ?? {}), ...Object.values(ns?.mutantCoverage?.perTest ?? {}).flatMap((c) => Object.keys(c))]);
    fs.writeFileSync(coverageFile, `${JSON.stringify([...reached].sort((a, b) => Number(a) - Number(b)))}\n`);
  });
}
