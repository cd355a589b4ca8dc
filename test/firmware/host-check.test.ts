/**
 * The firmware's host check: firmware/src compiles with the host C compiler against the
 * minimal Mongoose OS headers in firmware/host-check/include and links against
 * firmware/host-check/stubs.c, which defines exactly what the real libraries define.
 * So a firmware that calls an API the library only declares — mgos_mqtt_set_max_qos,
 * defined nowhere since the library's 2020 refactor — fails here as it fails in
 * `mos build`. The negative tests prove that the check bites.
 */
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const srcDir = join(root, 'firmware/src');
const includeDir = join(root, 'firmware/host-check/include');
const stubs = join(root, 'firmware/host-check/stubs.c');
const cflags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-I', includeDir];

const work = mkdtempSync(join(tmpdir(), 'mgos-hil-host-check-'));
after(() => rmSync(work, { recursive: true, force: true }));

function cc(args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync('cc', args, { cwd: root, encoding: 'utf8' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    assert.fail(
      'cc not found: the firmware host check needs a C compiler on PATH. ' +
        'Install gcc (Debian/Ubuntu: sudo apt-get install gcc) and run the tests again.',
    );
  }
  if (result.error) throw result.error;
  return result;
}

function output(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}\n${r.stdout}${r.stderr}`;
}

function firmwareSources(): string[] {
  const files = readdirSync(srcDir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => join(srcDir, f));
  assert.ok(files.length > 0, `no C sources in ${srcDir}`);
  return files;
}

/** A firmware entry point that sets the max QoS the way `body` does. */
function writeApp(name: string, body: string): string {
  const path = join(work, name);
  writeFileSync(
    path,
    [
      '#include "mgos.h"',
      '#include "mgos_mqtt.h"',
      'enum mgos_app_init_result mgos_app_init(void) {',
      `  ${body}`,
      '  return MGOS_APP_INIT_SUCCESS;',
      '}',
      '',
    ].join('\n'),
  );
  return path;
}

const UNDEFINED_SET_MAX_QOS = /undefined (?:reference to [`'"]?|symbol:? ?)_?mgos_mqtt_set_max_qos\b/;

test('firmware/src compiles without warnings and links against what the real libraries define', () => {
  const exe = join(work, 'firmware-host');
  const r = cc([...cflags, ...firmwareSources(), stubs, '-o', exe]);
  assert.equal(r.status, 0, `the firmware does not build on the host:\n${output(r)}`);
});

test('a firmware calling mgos_mqtt_set_max_qos compiles but does not link', () => {
  const app = writeApp('calls-set-max-qos.c', 'mgos_mqtt_set_max_qos(0);');
  const obj = join(work, 'calls-set-max-qos.o');
  // Compiling succeeds: the header declares the function, as the real one does …
  const compiled = cc([...cflags, '-c', app, '-o', obj]);
  assert.equal(compiled.status, 0, `the probe should compile:\n${output(compiled)}`);
  // … and linking fails, because nothing defines it.
  const linked = cc([...cflags, obj, stubs, '-o', join(work, 'calls-set-max-qos')]);
  assert.notEqual(linked.status, 0, 'linking a call to mgos_mqtt_set_max_qos succeeded: the stubs define it, so the check proves nothing');
  assert.match(linked.stderr, UNDEFINED_SET_MAX_QOS, `the link failed for another reason:\n${output(linked)}`);
});

test('the same probe through mgos_mqtt_conn_set_max_qos links (control for the test above)', () => {
  const app = writeApp(
    'uses-conn-route.c',
    'mgos_mqtt_conn_set_max_qos(mgos_mqtt_conn_from_nc(mgos_mqtt_get_global_conn()), 0);',
  );
  const r = cc([...cflags, app, stubs, '-o', join(work, 'uses-conn-route')]);
  assert.equal(r.status, 0, `the working route should link:\n${output(r)}`);
});
