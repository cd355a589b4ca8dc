#!/usr/bin/env node
// `npm run bench -- …`: the harness's speed and accuracy (harness/bench/main.ts), through
// tsx, with the GC exposed so the timeline's memory per event can be measured.
// Not part of `npm test`: it takes minutes and its figures depend on the host's load.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'harness/bench/main.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
