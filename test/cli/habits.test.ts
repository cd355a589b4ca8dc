/** The runner's habits of `hil`: did you mean, --version, every option described, --check and --list, refusing options that cannot apply. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { options as qualifyOptions, command as qualify, resolveLab } from '../../harness/cli/commands/qualify.ts';
import { commands } from '../../harness/cli/registry.ts';
import { didYouMean, optionsOfUsage } from '../../harness/cli/suggest.ts';
import { checkIds } from '../../harness/contract/check-ids.ts';
import { virtualLab } from '../../harness/lab/load.ts';
import type { LabConfig } from '../../harness/lab/schema.ts';
import { checkGrep, judgingScenarios, judgingScenariosOf } from '../../harness/runner/check-scenarios.ts';

const root = path.resolve(import.meta.dirname, '../..');
const hil = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), ...args], { encoding: 'utf8', timeout: 120_000 });

test('a mistyped command or option is answered with the nearest known one; a word far from all gets no guess', () => {
  assert.equal(didYouMean('qualfy', commands.map((c) => c.name)), ' (did you mean "qualify"?)');
  assert.equal(didYouMean('--grpe', optionsOfUsage(qualify.usage)), ' (did you mean "--grep"?)');
  assert.equal(didYouMean('--lsit', optionsOfUsage(qualify.usage)), ' (did you mean "--list"?)');
  assert.equal(didYouMean('frobnicate', commands.map((c) => c.name)), '');
  const cmd = hil('qualfy');
  assert.equal(cmd.status, 2);
  assert.match(cmd.stderr, /unknown command "qualfy" \(did you mean "qualify"\?\)/);
  const opt = hil('qualify', '--grpe', 'will');
  assert.equal(opt.status, 2);
  assert.match(opt.stderr, /hil qualify: unknown option --grpe \(did you mean "--grep"\?\)/);
});

test('hil --version prints the package version and the git commit', () => {
  const r = hil('--version');
  assert.equal(r.status, 0, r.stderr);
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  assert.match(r.stdout, new RegExp(`^mgos-hil ${version.replace(/\./g, '\\.')} \\(commit [0-9a-f]{40}\\)\\n$`));
});

test('every option of hil qualify is in its --help with a description', () => {
  const lines = qualify.usage.split('\n');
  for (const [name, spec] of Object.entries(qualifyOptions)) {
    const flag = 'short' in spec ? `-${spec.short}` : `--${name}`;
    const line = lines.find((l) => new RegExp(`^\\s+${flag}\\b`).test(l) || new RegExp(`\\s${flag}:`).test(l));
    assert.ok(line, `${flag} is not described in hil qualify --help`);
    assert.ok(line.replace(new RegExp(`^\\s+${flag}( [A-Z-]+)?`), '').trim().split(' ').length >= 3, `${flag}: "${line}" says too little`);
  }
});

test('every scenario.verifying call of the scenarios is found with its checks, and every check it names is known', () => {
  const dir = path.join(root, 'scenarios');
  const found = judgingScenarios(dir);
  const calls = fs.readdirSync(dir).filter((f) => f.endsWith('.spec.ts')).reduce((n, f) => n + (fs.readFileSync(path.join(dir, f), 'utf8').match(/\.verifying\(/g) ?? []).length, 0);
  assert.equal(found.filter((s) => s.checks.length > 0).length, calls, 'one scenario per verifying call');
  for (const s of found) for (const c of s.checks) assert.ok((checkIds as readonly string[]).includes(c), `${s.file} "${s.titlePattern}": ${c}`);
});

test('--check makes a grep that selects exactly the scenarios judging the check, tags and template titles included', () => {
  const spec = [
    "test('@tls plain: connects', async ({ scenario }) => { await scenario.verifying(['tls.server-auth'], async () => {}); });",
    'for (const what of ["a", "b"]) {',
    `  test(\`@tls \${what} fails, the schedule goes on\`, async ({ scenario }) => { await scenario.verifying(['tls.server-auth', 'backoff.schedule'], async () => {}); });`,
    '}',
    "test('plain: connects twice', async ({ scenario }) => { await scenario.verifying(['connect.fields'], async () => {}); });",
  ].join('\n');
  const scenarios = judgingScenariosOf('tls.spec.ts', spec);
  const grep = new RegExp(checkGrep(['backoff.schedule'], scenarios, () => ''));
  // As Playwright matches: project, file, describes, title, then the title's tags.
  assert.ok(grep.test('lab-1 tls.spec.ts tls @tls a fails, the schedule goes on @tls'));
  assert.ok(!grep.test('lab-1 tls.spec.ts tls @tls plain: connects @tls'));
  const tlsGrep = new RegExp(checkGrep(['tls.server-auth'], scenarios, () => ''));
  assert.ok(tlsGrep.test('lab-1 tls.spec.ts tls @tls plain: connects @tls'));
  assert.ok(!tlsGrep.test('lab-1 tls.spec.ts tls plain: connects twice'), 'a title that begins another selects only itself');
  assert.throws(() => checkGrep(['backoff.shedule'], scenarios, (id) => didYouMean(id, checkIds)), /unknown check id "backoff.shedule" \(did you mean "backoff.schedule"\?\)/);
  assert.throws(() => checkGrep(['qos.override-restore'], scenarios, () => ''), /no scenario judges qos.override-restore/);
});

test('hil qualify --list --check backoff.schedule lists the scenarios that judge it on each board (twice with --repeat-each 2), and writes no run folder', () => {
  const reports = path.join(root, 'reports');
  const entries = () => (fs.existsSync(reports) ? fs.readdirSync(reports).sort() : []);
  const before = entries();
  const r = hil('qualify', '--virtual', '--list', '--check', 'backoff.schedule', '--repeat-each', '2');
  assert.equal(r.status, 0, r.stderr);
  const listed = r.stdout.split('\n').filter((l) => l.includes(' › '));
  const expected = judgingScenarios(path.join(root, 'scenarios')).filter((s) => s.checks.includes('backoff.schedule'));
  assert.equal(listed.length, 2 * expected.length, `each of ${expected.length} twice (--repeat-each 2):\n${r.stdout}`);
  const files = new Set(expected.map((s) => s.file));
  for (const line of listed) assert.ok(files.has(/^\s+\[virtual\] › ([^:]+):/.exec(line)?.[1] ?? ''), `${line}: not a spec file whose scenarios judge backoff.schedule (${[...files].join(', ')})`);
  assert.deepEqual(entries(), before, 'a listing writes no run folder');
});

const physicalLab = (): LabConfig => ({ ...virtualLab(), boards: [{ name: 'bench', kind: 'physical', port: '/dev/ttyUSB0', reset: 'dtr-rts' }] }) as LabConfig;

test('options that cannot apply are refused: virtual-board options on a lab without one, --port with a lab config', () => {
  const none = { virtual: false, personalities: [], boards: [] };
  assert.throws(() => resolveLab(physicalLab(), { ...none, timeScale: 20 }), /--time-scale apply to virtual boards only, and this lab has none/);
  assert.throws(() => resolveLab(physicalLab(), { ...none, seed: 3, personalities: ['no-failover'] }), /--personality, --seed apply to virtual boards only/);
  assert.throws(() => resolveLab(physicalLab(), { ...none, port: '/dev/ttyUSB1' }), /--port \/dev\/ttyUSB1 qualifies one board without a lab config/);
  assert.throws(() => resolveLab(undefined, { ...none, virtual: true, port: '/dev/ttyUSB1' }), /drop --port, or --virtual/);
  assert.throws(() => resolveLab(physicalLab(), { ...none, boards: ['bnech'] }), /no board named bnech \(did you mean "bench"\?\)/);
});

test('--port P qualifies one ad-hoc physical board; --seed reaches a lab config\'s virtual boards', () => {
  const none = { virtual: false, personalities: [], boards: [] };
  const adHoc = resolveLab(undefined, { ...none, port: '/dev/ttyUSB3', host: '192.168.1.10', env: { LAB_WIFI_SSID: 'lab-ap', LAB_WIFI_PASS: 'pw' } });
  assert.deepEqual(adHoc.boards.map((b) => [b.name, b.kind, b.kind === 'physical' ? [b.port, b.reset, b.wifi.ssid] : '']), [['board', 'physical', ['/dev/ttyUSB3', 'dtr-rts', 'lab-ap']]]);
  assert.equal(adHoc.host, '192.168.1.10');
  assert.throws(() => resolveLab(undefined, { ...none, port: '/dev/ttyUSB3', host: '192.168.1.10', env: {} }), /set LAB_WIFI_SSID \(and LAB_WIFI_PASS\)/);
  assert.throws(() => resolveLab(undefined, { ...none, port: '/dev/ttyUSB3', env: { LAB_WIFI_SSID: 'x' } }), /give --host ADDR/);
  assert.throws(() => resolveLab(undefined, { ...none, host: '192.168.1.10' }), /--host goes with --port/);
  const mixed = { ...virtualLab(), boards: [...physicalLab().boards, ...virtualLab().boards] } as LabConfig;
  const seeded = resolveLab(mixed, { ...none, seed: 7 });
  assert.equal(seeded.boards.find((b) => b.kind === 'virtual')!.kind === 'virtual' && (seeded.boards.find((b) => b.kind === 'virtual') as { seed?: number }).seed, 7);
});
