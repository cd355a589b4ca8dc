/**
 * The switch that makes a process load the MQTT library from its instrumented copy
 * (harness/mutation/loader-hooks.ts, register-loader.ts, instrument.ts), and that the
 * process runs the mutant its environment names.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MUTATION_ENV, mutationEnv } from '../../harness/mutation/env.ts';
import { instrumentMqtt } from '../../harness/mutation/instrument.ts';
import { initialize, resolve, swapPrefix } from '../../harness/mutation/loader-hooks.ts';
import { projectRoot } from '../../harness/runner/settings.ts';

test('imports of the library go to the copy; imports from the copy resolve as from the original', async () => {
  initialize({ originalUrl: 'file:///p/harness/virtual/mqtt/', instrumentedUrl: 'file:///tmp/i/' });
  const seen: (string | undefined)[] = [];
  const next = (specifier: string, context: { parentURL?: string }) => {
    seen.push(context.parentURL);
    return { url: new URL(specifier, context.parentURL).href };
  };
  assert.equal((await resolve('./mqtt/client.ts', { parentURL: 'file:///p/harness/virtual/board.ts' }, next)).url, 'file:///tmp/i/client.ts');
  assert.equal((await resolve('./deps.ts', { parentURL: 'file:///tmp/i/client.ts' }, next)).url, 'file:///tmp/i/deps.ts');
  assert.equal((await resolve('../random.ts', { parentURL: 'file:///tmp/i/client.ts' }, next)).url, 'file:///p/harness/virtual/random.ts');
  assert.deepEqual(seen.slice(1), ['file:///p/harness/virtual/mqtt/client.ts', 'file:///p/harness/virtual/mqtt/client.ts']);
  assert.equal(swapPrefix('file:///elsewhere/x.ts', 'file:///p/', 'file:///q/'), 'file:///elsewhere/x.ts');
});

test('the environment names the copy, the mutant and the coverage file only when given', () => {
  assert.deepEqual(mutationEnv({ instrumentedDir: '/tmp/i' }), { [MUTATION_ENV.instrumentedDir]: '/tmp/i' });
  assert.deepEqual(Object.keys(mutationEnv({ instrumentedDir: '/tmp/i', id: '3', coverageFile: '/tmp/c' })).sort(), Object.values(MUTATION_ENV).sort());
});

test('a process started with the switch runs the mutant named, records what it reached, and without it runs the original', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-mutation-test-'));
  try {
    const dir = path.join(work, 'mqtt');
    const mutants = await instrumentMqtt(dir, (f) => f === 'qos-cap.ts');
    const minToMax = mutants.find((m) => m.original.startsWith('Math.min') && m.replacement.startsWith('Math.max'));
    assert.ok(minToMax, `qos-cap.ts has a Math.min → Math.max mutant (mutants: ${mutants.map((m) => m.replacement).join('; ')})`);
    // Through bin/hil.js's own switch, as a board is started: `hil` has no command that prints capQos, so a tiny script imports bin's way.
    const script = `if (process.env.${MUTATION_ENV.instrumentedDir}) await import('./harness/mutation/register-loader.ts');
      const { capQos } = await import('./harness/virtual/mqtt/qos-cap.ts'); console.log(capQos(1, 0));`;
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    const coverageFile = path.join(work, 'coverage.json');
    assert.equal(run({}), '0', 'the original caps QoS 1 at 0');
    assert.equal(run(mutationEnv({ instrumentedDir: dir, coverageFile })), '0', 'the copy with no mutant on behaves as the original');
    assert.ok((JSON.parse(fs.readFileSync(coverageFile, 'utf8')) as string[]).includes(minToMax.id), 'the mutant reached is recorded');
    assert.equal(run(mutationEnv({ instrumentedDir: dir, id: minToMax.id })), '1', 'with the mutant on, the cap is not applied');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
