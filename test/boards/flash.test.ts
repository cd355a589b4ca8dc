/**
 * `hil flash` against stand-ins for `mos`: scripts that record their arguments and answer
 * like mos does (progress on stderr, `Error: …` and exit 1 on failure), a slow one, and
 * none at all.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let port: string;
let firmware: string;

function fakeMos(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/usr/bin/env bash\necho "$@" > "${dir}/${name}.args"\n${body}\n`, { mode: 0o755 });
  return file;
}

function hilFlash(mos: string | undefined, extra: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const args = [path.join(root, 'bin/hil.js'), 'flash', '--config', path.join(dir, 'hil.config.ts'), '--board', 'bench', '--firmware', firmware, ...extra];
  if (mos) args.push('--mos', mos);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-flash-'));
  port = path.join(dir, 'ttyUSB-fake');
  fs.writeFileSync(port, '');
  firmware = path.join(dir, 'fw.zip');
  fs.writeFileSync(firmware, 'PK fake');
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  fs.writeFileSync(
    path.join(dir, 'hil.config.ts'),
    `export default { boards: [{ name: 'bench', kind: 'physical', port: ${JSON.stringify(port)}, wifi: { ssid: 'lab', pass: 'secret' } }] };\n`,
  );
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('success: mos flash gets the port and the firmware; its progress is streamed', () => {
  const mos = fakeMos('mos-ok', 'echo "Connecting to ESP32 ROM, attempt 1 of 10..." >&2\necho "Writing..." >&2\necho "Verifying..." >&2\necho "All done!" >&2\nexit 0');
  const r = hilFlash(mos);
  assert.equal(r.code, 0, r.err);
  assert.equal(fs.readFileSync(`${dir}/mos-ok.args`, 'utf8').trim(), `flash --port ${port} ${firmware}`);
  assert.match(r.out, /Connecting to ESP32 ROM, attempt 1 of 10\.\.\.\n[\s\S]*Writing\.\.\.[\s\S]*All done!/);
  assert.match(r.out, /flashed bench in \d+\.\d s/);
});

test("failure: exit 2 with mos's own error and the tail of its output", () => {
  const mos = fakeMos('mos-fail', 'echo "Connecting to ESP32 ROM, attempt 1 of 10..." >&2\necho "Error: failed to connect to ESP32: timed out" >&2\nexit 1');
  const r = hilFlash(mos);
  assert.equal(r.code, 2);
  assert.match(r.err, /mos flash failed on .*\(exit 1\): Error: failed to connect to ESP32: timed out/);
  assert.match(r.err, /last lines from mos:\n\s+Connecting to ESP32 ROM/);
});

test('slow: a mos that does not finish is stopped at the timeout', () => {
  const mos = fakeMos('mos-slow', 'echo "Writing..." >&2\nsleep 30');
  const started = Date.now();
  const r = hilFlash(mos, ['--timeout', '1']);
  assert.equal(r.code, 2);
  assert.match(r.err, /did not finish within 1 s/);
  assert.ok(Date.now() - started < 20_000, 'the slow mos was not stopped');
});

test('missing: no mos on PATH says how to get it', () => {
  const env = { ...process.env, PATH: path.dirname(process.execPath) };
  const r = hilFlash(undefined, [], env);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot run `mos`: not found/);
  assert.match(r.err, /install the Mongoose OS tool `mos`/);
});

test('a missing firmware file is named, with how to build one', () => {
  const r = hilFlash(fakeMos('mos-unused', 'exit 0'), ['--firmware', path.join(dir, 'nope.zip')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /firmware .*nope\.zip does not exist: build it with `mos build/);
});

test('a busy port is refused before mos runs, naming who holds it', async () => {
  let holder: ChildProcess | undefined;
  try {
    holder = spawn('bash', ['-c', `exec 3<>"${port}"; echo ready; sleep 30`], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => holder!.stdout!.once('data', () => resolve()));
    const mos = fakeMos('mos-busy', 'exit 0');
    const r = hilFlash(mos);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`port .* is busy: held open by process ${holder.pid}`));
    assert.equal(fs.existsSync(`${dir}/mos-busy.args`), false, 'mos ran although the port was busy');
  } finally {
    holder?.kill();
  }
});

test('an ad-hoc board: --port, or MOS_PORT as mos takes it, without a lab config', () => {
  const mos = fakeMos('mos-port', 'echo "All done!" >&2\nexit 0');
  const run = (extra: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'flash', '--firmware', firmware, '--mos', mos, ...extra], { encoding: 'utf8', timeout: 60_000, cwd: dir, env });
  const byFlag = run(['--port', port], { ...process.env, MOS_PORT: '' });
  assert.equal(byFlag.status, 0, byFlag.stderr);
  assert.equal(fs.readFileSync(`${dir}/mos-port.args`, 'utf8').trim(), `flash --port ${port} ${firmware}`);
  fs.rmSync(`${dir}/mos-port.args`);
  const byEnv = run([], { ...process.env, MOS_PORT: port });
  assert.equal(byEnv.status, 0, byEnv.stderr);
  assert.equal(fs.readFileSync(`${dir}/mos-port.args`, 'utf8').trim(), `flash --port ${port} ${firmware}`);
  const neither = run([], { ...process.env, MOS_PORT: '' });
  assert.equal(neither.status, 2);
  assert.match(neither.stderr, /which board\? give --port PORT, --board NAME, or set MOS_PORT/);
});
