/**
 * Two boards in one run, as a CI server sees them in junit.xml: two suites it can tell
 * apart (the board in every classname), the faulty board's failing check a <failure>
 * with its reason, each suite with its board's properties and serial log attached, and
 * the file valid against the JUnit schema Jenkins uses.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { quietPorts } from '../helpers/listen-ports.ts';
import { assertJenkinsJunit, xpath } from '../report/junit-schema.ts';

const root = path.resolve(import.meta.dirname, '../..');

test('a lab of two virtual boards, one with a wrong client id, gives two distinguishable JUnit suites, its failing check a <failure>', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-junit2-'));
  const config = path.join(dir, 'hil.config.mts');
  const lab = {
    host: '127.0.0.1',
    brokers: { basePort: (await quietPorts(4))[0]! },
    boards: [
      { name: 'good', kind: 'virtual', timeScale: 20, mac: 'A0B1C2000011' },
      { name: 'bad', kind: 'virtual', timeScale: 20, mac: 'A0B1C2000022', personalities: ['wrong-client-id'] },
    ],
  };
  fs.writeFileSync(config, `export default ${JSON.stringify(lab, null, 2)};\n`);
  const reports = path.join(dir, 'reports');
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'qualify', '--config', config, '--reports-dir', reports, '--grep', 'CONNECT carries'], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 1, out.slice(-4000));
  const junit = path.join(reports, 'latest', 'junit.xml');
  assertJenkinsJunit(junit);
  assert.equal(xpath(junit, 'count(/testsuites/testsuite)'), '2');
  const name = 'CONNECT carries the configured fields: default client id, clean session, keep-alive, will, user and password [connect.fields]';
  assert.equal(xpath(junit, `string(//testsuite[@name="good"]/testcase[@name="${name}"]/@classname)`), 'good.connect');
  assert.equal(xpath(junit, `string(//testsuite[@name="bad"]/testcase[@name="${name}"]/@classname)`), 'bad.connect');
  assert.equal(xpath(junit, `count(//testsuite[@name="good"]/testcase[@name="${name}"]/failure)`), '0');
  assert.equal(xpath(junit, `string(//testsuite[@name="bad"]/testcase[@name="${name}"]/failure/@type)`), 'connect.fields');
  assert.match(xpath(junit, `string(//testsuite[@name="bad"]/testcase[@name="${name}"]/failure/@message)`), /client id|client_id|clientId/i);
  assert.equal(xpath(junit, 'string(//testsuite[@name="bad"]/@errors)'), '0');
  assert.notEqual(xpath(junit, 'string(//testsuite[@name="bad"]/@failures)'), '0');
  // Each suite names its own board's device.
  const id = (b: string) => xpath(junit, `string(//testsuite[@name="${b}"]/properties/property[@name="device.id"]/@value)`);
  assert.ok(id('good') && id('bad') && id('good') !== id('bad'), `device ids ${id('good')} ${id('bad')}`);
  assert.equal(xpath(junit, 'string(//testsuite[@name="bad"]/properties/property[@name="time.scale"]/@value)'), '20');
  assert.match(xpath(junit, 'string(//testsuite[@name="good"]/properties/property[@name="harness.commit"]/@value)'), /^[0-9a-f]{40}$/);
  // The serial log attached: the path (absolute here, the run folder is outside the project) names a file that exists.
  const attached = xpath(junit, `string(//testsuite[@name="bad"]/testcase[@name="${name}"]/system-out)`).split('\n')[0]!;
  const m = /^\[\[ATTACHMENT\|(.+\.serial\.log)\]\]$/.exec(attached);
  assert.ok(m, attached);
  assert.ok(fs.existsSync(m[1]!), m[1]);
  assert.ok(fs.readFileSync(m[1]!, 'utf8').length > 0);
  fs.rmSync(dir, { recursive: true, force: true });
});
