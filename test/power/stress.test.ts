/** The load beside the soak (harness/power/stress.ts): it starts, says how to install stress-ng, and leaves no process behind. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { StressError, startStress, stressNg } from '../../harness/power/stress.ts';
import { projectRoot } from '../../harness/runner/settings.ts';

/** A stand-in for stress-ng: a shell with two busy-less children in its process group. */
const fake = { command: '/bin/sh', args: ['-c', 'sleep 300 & sleep 300 & wait'] };

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Polls until the group is gone (exited processes may take a moment to be reaped), at most `ms`. */
async function groupGone(pid: number, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 500 && Date.now() < deadline; i++) {
    if (!groupAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return !groupAlive(pid);
}

test('stress-ng is asked for every core given, bounded by its own timeout', () => {
  assert.deepEqual(stressNg(2, 7200.5), { command: 'stress-ng', args: ['--cpu', '2', '--timeout', '7201s', '--quiet'] });
});

test('a missing stress command says how to install stress-ng', async () => {
  await assert.rejects(startStress({ command: 'hil-no-such-stress-ng', args: [] }), (err: Error) => err instanceof StressError && /apt-get install stress-ng/.test(err.message));
});

test('stop ends the whole process group, children included', async () => {
  const stress = await startStress(fake);
  assert.ok(groupAlive(stress.pid));
  await stress.stop();
  assert.ok(stress.exitedWith(), 'the stress process has exited');
  assert.ok(await groupGone(stress.pid), 'no process of the group is left');
});

test('a Ctrl-C that nothing else handles stops the load, then ends the process as a Ctrl-C does', async () => {
  const script = `import { startStress } from './harness/power/stress.ts';
    const s = await startStress(${JSON.stringify(fake)}); console.log(s.pid); setTimeout(() => process.exit(3), 30000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const pid = Number(line.toString().trim());
  assert.ok(groupAlive(pid));
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const [code, signal] = await exited;
  assert.deepEqual({ code, signal }, { code: null, signal: 'SIGINT' });
  assert.ok(await groupGone(pid), 'the stress group did not outlive its parent');
});
