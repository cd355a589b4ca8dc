/**
 * The real `hil brokers` command in its own process: ports 0, the control API driven with
 * fetch, a raw mqtt-packet client refused and then accepted, stopped with SIGINT.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TimelineEvent } from '../../harness/timeline/events.ts';
import { RawClient } from './raw-client.ts';

const root = new URL('../..', import.meta.url).pathname;

function startCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const script = `import('./harness/cli/commands/brokers.ts').then((m) => m.brokersCommand(${JSON.stringify(args)})).then((code) => { process.exitCode = code; })`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

function waitForOutput(cli: { child: ChildProcess; output: () => string }, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(cli.output())) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${pattern} in the output within ${timeoutMs} ms:\n${cli.output()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      cli.child.stdout!.off('data', check);
    };
    cli.child.stdout!.on('data', check);
    check();
  });
}

describe('hil brokers (CLI)', () => {
  it('runs the pair, obeys the control API, serves the timeline, and stops cleanly on SIGINT', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hil-cli-'));
    const timelinePath = join(dir, 'timeline.jsonl');
    const cli = startCli(['--host', '127.0.0.1', '--primary', '0', '--backup', '0', '--control', '0', '--timeline', timelinePath, '--quiet']);
    try {
      await waitForOutput(cli, /ready/, 15_000);
      const primary = Number(cli.output().match(/primary\s+mqtt:\/\/127\.0\.0\.1:(\d+)/)![1]);
      const backup = Number(cli.output().match(/backup\s+mqtt:\/\/127\.0\.0\.1:(\d+)/)![1]);
      const control = cli.output().match(/control\s+(http:\/\/\S+)/)![1]!;
      assert.ok(primary > 0 && backup > 0 && primary !== backup);

      const put = await fetch(`${control}/brokers/primary/fault`, { method: 'PUT', body: JSON.stringify({ fault: 'connack', code: 5 }) });
      assert.equal(put.status, 200);
      const refused = await RawClient.connect(primary, 'cli-dev', { keepalive: 30, username: 'lab' });
      assert.equal((await refused.next('connack')).returnCode, 5);
      await refused.waitEnd();

      assert.equal((await fetch(`${control}/brokers/primary/fault`, { method: 'PUT', body: '{"fault":"accept"}' })).status, 200);
      const accepted = await RawClient.connect(primary, 'cli-dev', { keepalive: 30, username: 'lab' });
      assert.equal((await accepted.next('connack')).returnCode, 0);
      accepted.send({ cmd: 'disconnect' });
      await accepted.waitEnd();

      const bad = await fetch(`${control}/brokers/primary/fault`, { method: 'PUT', body: '{"fault":"connack","code":"five"}' });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /at code/);

      const events = (await (await fetch(`${control}/timeline`)).json()) as TimelineEvent[];
      const attempts = events.filter((e) => e.kind === 'mqtt.packet' && e.type === 'connect');
      assert.equal(attempts.length, 2);
      for (const a of attempts) {
        assert.ok(a.kind === 'mqtt.packet');
        assert.deepEqual(a.connect, { clientId: 'cli-dev', protocolVersion: 4, clean: true, keepalive: 30, username: 'lab', hasPassword: false });
      }
      const codes = events.filter((e) => e.kind === 'mqtt.packet' && e.type === 'connack').map((e) => (e.kind === 'mqtt.packet' ? e.returnCode : -1));
      assert.deepEqual(codes, [5, 0]);
      const ts = events.map((e) => e.t);
      assert.deepEqual(ts, [...ts].sort((a, b) => a - b), 'in time order');
      assert.deepEqual(
        events.filter((e) => e.kind === 'fault').map((e) => (e.kind === 'fault' ? e.fault : '')),
        ['connack', 'accept'],
      );

      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 0, cli.output());
      assert.match(cli.output(), /SIGINT: stopping\nstopped/);
      const onDisk = readFileSync(timelinePath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TimelineEvent);
      assert.ok(onDisk.length >= events.length);
      assert.deepEqual(onDisk.slice(0, events.length), events);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a message for a bad port', async () => {
    const cli = startCli(['--primary', 'eighty']);
    assert.equal(await cli.exited, 2);
    assert.match(cli.output(), /--primary must be a port number/);
  });
});
