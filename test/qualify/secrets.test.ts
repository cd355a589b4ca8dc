/**
 * No secret in any artifact or environment: a scenario whose config has an MQTT password
 * (connect.spec.ts: `hil-secret`), qualified by `hil qualify`. It may not appear in any
 * file under the reports folder, in the console output, or in the environment of any
 * process of the run — while the board is still configured with it (connect.fields
 * passes only if the broker saw that password).
 *
 * The lab's own secret (a physical board's Wi-Fi password) is covered where the lab is
 * handed over (test/runner/run-folder-config.test.ts): a physical-kind board on a virtual
 * board's pseudo-terminal is refused by `hil qualify`'s port preflight, which counts the
 * virtual board's own hold on its terminal as another program's.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { RunResults } from '../../harness/report/results.ts';
import { quietPorts } from '../helpers/listen-ports.ts';
import { descendantsOf, environOf } from '../helpers/process-tree.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-masking-'));

/** connect.spec.ts's MQTT password. */
const MQTT_PASS = 'hil-secret';

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function filesUnder(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

test('configured secrets appear in no file under reports/, not on the console, not in any child\'s environment', { timeout: 120_000 }, async () => {
  const config = path.join(dir, 'hil.config.mts');
  const lab = {
    host: '127.0.0.1',
    brokers: { basePort: (await quietPorts(2))[0]! },
    boards: [{ name: 'sim', kind: 'virtual', timeScale: 10 }],
  };
  fs.writeFileSync(config, `export default ${JSON.stringify(lab, null, 2)};\n`);
  const reports = path.join(dir, 'reports');
  const child = spawn(process.execPath, [path.join(root, 'bin/hil.js'), 'qualify', '--config', config, '--reports-dir', reports, '--grep', 'CONNECT carries'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Sample the run's processes while it runs: every one seen, its environment read.
  const seen = new Map<number, string>();
  let labFile: string | undefined;
  let labFileMode: number | undefined;
  let running = true;
  void exited.then(() => (running = false));
  const deadline = Date.now() + 160_000;
  while (running && Date.now() < deadline) {
    for (const pid of descendantsOf(child.pid!)) {
      const env = environOf(pid);
      if (env === undefined || seen.has(pid)) continue;
      seen.set(pid, env);
      const named = env.split('\0').find((e) => e.startsWith('HIL_LAB_FILE='))?.slice('HIL_LAB_FILE='.length);
      if (named && labFile === undefined && fs.existsSync(named)) {
        labFile = named;
        labFileMode = fs.statSync(named).mode & 0o777;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const code = await exited;
  assert.equal(code, 0, out.slice(-4000));
  const results = JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as RunResults;
  assert.equal(results.status, 'partial', 'a --grep run is partial');
  assert.ok(results.verdicts.some((v) => v.board === 'sim' && v.id === 'connect.fields' && v.verdict === 'pass'), 'the board was configured with the password and judged');

  assert.ok(seen.size >= 3, `sampled ${seen.size} processes of the run`);
  for (const [pid, env] of seen) {
    const leaked = env.split('\0').filter((e) => e.includes(MQTT_PASS)).map((e) => e.slice(0, e.indexOf('=')));
    assert.deepEqual(leaked, [], `a secret in the environment of pid ${pid}`);
  }
  assert.ok(labFile, 'the Playwright processes were handed a lab file');
  assert.equal(labFileMode, 0o600, 'the lab file is private');
  assert.ok(!fs.existsSync(labFile), 'and removed at the end');

  assert.ok(!out.includes(MQTT_PASS), 'a secret on the console');
  const files = filesUnder(reports);
  assert.ok(files.some((f) => f.endsWith('playwright.json')) && files.some((f) => f.endsWith('.checks-input.json')) && files.some((f) => f.endsWith('.serial.log')));
  for (const file of files) {
    const text = fs.readFileSync(file, 'latin1');
    assert.ok(!text.includes(MQTT_PASS), `the MQTT password in ${path.relative(reports, file)}`);
  }
});
