/**
 * The lab's start wave (harness/runner/start-wave.ts), through its folder as the worker
 * processes share it: start slots limit how many board processes start at once and are
 * taken over from a dead owner; a board's first scenario waits until the plan's first
 * wave has arrived; every wait ends at its limit with a warning. Several StartWave
 * objects in one process stand for the workers (the files are all they share).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { StartWave, waveDir, writeWavePlan } from '../../harness/runner/start-wave.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-start-wave-test-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
let runs = 0;
const freshDir = () => waveDir(root, `run-${++runs}`);

/** Settles within ms, or says it is still pending. */
async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<'settled' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  const outcome = await Promise.race([promise.then(() => 'settled' as const), pending]);
  clearTimeout(timer);
  return outcome;
}

test('two slots, three takers: the third starts only when a slot is given back', async () => {
  const dir = freshDir();
  const wave = () => new StartWave(dir, { limitMs: 10_000, slots: 2 });
  const first = await wave().slot();
  const second = await wave().slot();
  const third = wave().slot();
  assert.equal(await settlesWithin(third, 300), 'pending', 'a third start must wait while both slots are held');
  second();
  assert.equal(await settlesWithin(third, 2_000), 'settled', 'a slot given back must let the waiting start go');
  first();
  (await third)();
  assert.deepEqual(fs.readdirSync(path.join(dir, 'slots')), [], 'every slot given back leaves none behind');
});

test('a slot left by a process that died is taken over', async () => {
  const dir = freshDir();
  // A pid that is certainly gone: a child that has exited and been reaped.
  const dead = spawnSync(process.execPath, ['-e', '']).pid;
  assert.ok(dead !== undefined && dead > 0);
  fs.mkdirSync(path.join(dir, 'slots'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'slots', '0'), String(dead));
  const release = await settlesWithin(new StartWave(dir, { limitMs: 5_000, slots: 1 }).slot(), 2_000);
  assert.equal(release, 'settled', 'the dead owner\'s slot must be taken over');
  assert.equal(fs.readFileSync(path.join(dir, 'slots', '0'), 'utf8'), String(process.pid), 'the slot now names its new owner');
});

test('a slot held by a live process is not taken over; past the limit the start goes on with a warning', async () => {
  const dir = freshDir();
  fs.mkdirSync(path.join(dir, 'slots'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'slots', '0'), String(process.pid));
  const warnings: string[] = [];
  const started = performance.now();
  const release = await new StartWave(dir, { limitMs: 400, slots: 1, warn: (m) => warnings.push(m) }).slot();
  assert.ok(performance.now() - started >= 400, 'it waited its limit');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /no board start slot came free within 400 ms/);
  release();
  assert.equal(fs.readFileSync(path.join(dir, 'slots', '0'), 'utf8'), String(process.pid), 'giving back a slot it never had leaves the owner\'s');
});

test('a board waits until the first wave (the plan\'s workers, at most its boards) has arrived, then the wave has gone', async () => {
  const dir = freshDir();
  writeWavePlan(dir, { boards: ['a', 'b', 'c', 'd'], workers: 3 });
  const wave = () => new StartWave(dir, { limitMs: 10_000 });
  const a = wave().arrive('a', 'ready');
  assert.equal(await settlesWithin(a, 300), 'pending', 'one of three arrived: a waits');
  const b = wave().arrive('b', 'failed');
  assert.equal(await settlesWithin(b, 200), 'settled', 'a board that failed has nothing to hold back');
  assert.equal(await settlesWithin(a, 300), 'pending', 'two of three arrived: a still waits');
  await wave().arrive('c', 'ready');
  assert.equal(await settlesWithin(a, 2_000), 'settled', 'three of three: a goes');
  assert.ok(fs.existsSync(path.join(dir, 'wave-gone')), 'the wave is marked gone');
  // A later worker (d, started when one of the first three is done) does not wait for anyone.
  assert.equal(await settlesWithin(wave().arrive('d', 'ready'), 200), 'settled');
});

test('boards not in the plan do not count towards the wave', async () => {
  const dir = freshDir();
  writeWavePlan(dir, { boards: ['a', 'b'], workers: 8 });
  const wave = () => new StartWave(dir, { limitMs: 10_000 });
  const a = wave().arrive('a', 'ready');
  // A board outside the plan (a project with no scenario in this run) waits like the others.
  const stranger = wave().arrive('stranger', 'ready');
  assert.equal(await settlesWithin(a, 300), 'pending', 'a board outside the plan must not complete the wave');
  await wave().arrive('b', 'ready');
  assert.equal(await settlesWithin(a, 2_000), 'settled');
  assert.equal(await settlesWithin(stranger, 2_000), 'settled');
});

test('without a plan there is no wave to wait for', async () => {
  const dir = freshDir();
  assert.equal(await settlesWithin(new StartWave(dir, { limitMs: 10_000 }).arrive('a', 'ready'), 300), 'settled');
});

test('a wave that never fills ends at the limit with a warning that names the count', async () => {
  const dir = freshDir();
  writeWavePlan(dir, { boards: ['a', 'b', 'c'], workers: 3 });
  const warnings: string[] = [];
  const started = performance.now();
  await new StartWave(dir, { limitMs: 400, warn: (m) => warnings.push(m) }).arrive('a', 'ready');
  assert.ok(performance.now() - started >= 400, 'it waited its limit');
  assert.deepEqual(warnings, ['1 of the first 3 boards came up within 400 ms; a starts its scenarios without the others']);
  assert.ok(fs.existsSync(path.join(dir, 'wave-gone')), 'the others no longer wait either');
});

test('a full wave leaves in the plan\'s order, spacingMs apart', async () => {
  const dir = freshDir();
  writeWavePlan(dir, { boards: ['a', 'b', 'c'], workers: 3 });
  const wave = () => new StartWave(dir, { limitMs: 10_000, spacingMs: 300 });
  const left: Record<string, number> = {};
  const go = (b: string) => wave().arrive(b, 'ready').then(() => (left[b] = Date.now()));
  // c arrives first, a last: the order of leaving is the plan's, not the arrivals'.
  await Promise.all([go('c'), go('b'), go('a')]);
  const goneAt = Number(fs.readFileSync(path.join(dir, 'wave-gone'), 'utf8'));
  const after = Object.fromEntries(Object.entries(left).map(([b, t]) => [b, t - goneAt]));
  assert.ok(after.a! < after.b! && after.b! < after.c!, `left in the plan's order: ${JSON.stringify(after)}`);
  // Never early (a busy host can only make them later); not much later than their places.
  assert.ok(after.a! >= 0 && after.b! >= 300 && after.c! >= 600, `b 300 ms and c 600 ms after the wave was full: ${JSON.stringify(after)}`);
  assert.ok(after.c! < 5_000, `c waited about its place: ${JSON.stringify(after)}`);
});
