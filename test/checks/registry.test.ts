import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkIds, scenarioAction } from '../../harness/checks/input.ts';
import { checkRegistry, judgeScenario, runAllChecks, runChecks } from '../../harness/checks/registry.ts';
import { TimelineBuilder } from './builders.ts';

describe('check registry', () => {
  it('registers every check id once, each with what it needs', () => {
    assert.deepEqual([...checkRegistry.keys()].sort(), [...checkIds].sort());
    for (const c of checkRegistry.values()) assert.ok(c.needs.length > 10, c.id);
  });

  it('an empty scenario gives skip for every check, never pass', () => {
    const verdicts = runAllChecks(new TimelineBuilder().build());
    assert.equal(verdicts.length, checkIds.length);
    for (const v of verdicts) {
      assert.equal(v.verdict, 'skip', `${v.id}: ${v.reason}`);
      assert.ok(v.reason.length > 0 && v.source.length > 0, v.id);
    }
  });

  it('a board that never connected gives every check nothing to judge, and each says what was missing', () => {
    // Closed ports from boot, with every action a scenario can record made meanwhile.
    const b = new TimelineBuilder({ mqtt: { max_qos: 0, will_topic: 'w', will_message: 'gone' }, mqtt1: { enable: true, server: '10.0.0.2:1883' } });
    b.closedPort('mqtt');
    b.wait(100).act({ kind: 'sub', topic: 'hil/in/#' }).act({ kind: 'peer-subscribe', broker: 'primary', topic: '#' });
    b.act({ kind: 'pub', topic: 't', payload: 'p', qos: 1, packetId: 1, connected: false });
    b.act({ kind: 'set-max-qos', qos: 0 }).act({ kind: 'set-max-qos', qos: 2 });
    b.act({ kind: 'peer-publish', broker: 'primary', topic: 'hil/in/x', qos: 1, payload: 'x' });
    b.wait(1900).closedPort('mqtt').wait(100).act({ kind: 'reset' }).banner();
    for (const v of runAllChecks(b.build())) {
      if (v.id === 'api.pub-return-offline') {
        assert.equal(v.verdict, 'pass', v.reason); // an offline publish is all it needs
        continue;
      }
      assert.equal(v.verdict, 'skip', `${v.id}: ${v.reason}`);
      // qos.qos0-only-broker is another engineer's; its skips are worded its own way.
      if (v.id !== 'qos.qos0-only-broker') assert.match(v.reason, /^nothing to judge: /, v.id);
    }
  });

  it('runs the checks a scenario asks for, in order', () => {
    const v = runChecks(['connect.fields', 'backoff.schedule'], new TimelineBuilder().build());
    assert.deepEqual(v.map((x) => x.id), ['connect.fields', 'backoff.schedule']);
  });

  it('every check file starts with a comment saying what it judges, and says what it needs once, in `needs`', () => {
    const root = new URL('../../harness/checks/', import.meta.url);
    for (const id of checkIds) {
      const [group, name] = id.split('.') as [string, string];
      const text = readFileSync(new URL(`${group}/${name}.ts`, root), 'utf8');
      assert.match(text, /^\/\*\*\n \* [a-z0-9.-]+ — /, id);
      const header = text.slice(0, text.indexOf('*/'));
      assert.match(header, /\n \* Needs: see `needs` at the end of this file\.\n/, `${id}: the header should refer to \`needs\`, not restate it`);
    }
    assert.ok(readdirSync(root).includes('registry.ts'));
  });

  it('every check has a test that makes it fail', () => {
    const dir = new URL('./', import.meta.url);
    const tests = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
    for (const id of checkIds) assert.ok(tests.includes(`describe('${id}'`), `no describe('${id}') in test/checks`);
  });
});

describe('scenario actions', () => {
  it('validates recorded actions, and a config patch does not fill in defaults', () => {
    const a = scenarioAction.parse({ kind: 'config', t: 1, mqtt: { server: 'x:1883' } });
    assert.deepEqual(a, { kind: 'config', t: 1, mqtt: { server: 'x:1883' } });
    assert.throws(() => scenarioAction.parse({ kind: 'config', t: 1, mqtt: { nope: 1 } }));
    assert.throws(() => scenarioAction.parse({ kind: 'pub', t: 1, topic: 't', payload: 'p', qos: 3, packetId: 1, connected: true }));
  });
});

describe('judgeScenario: every check judges every scenario where its evidence exists', () => {
  it('a misbehaviour outside the checks a scenario asked for still fails, marked incidental; checks with nothing to judge stay silent', () => {
    // A backoff scenario (it asks for backoff.schedule only) whose board sent a wrong client id in its CONNECT.
    const b = new TimelineBuilder();
    b.session('mqtt', [], { clientId: 'mongoose' });
    const verdicts = judgeScenario(['backoff.schedule'], b.build());
    assert.equal(verdicts[0]?.id, 'backoff.schedule');
    assert.equal(verdicts[0]?.incidental, undefined, 'the required check is not incidental');
    const fields = verdicts.find((v) => v.id === 'connect.fields');
    assert.ok(fields, 'connect.fields judged the CONNECT although the scenario did not name it');
    assert.equal(fields.verdict, 'fail', fields.reason);
    assert.equal(fields.incidental, true);
    for (const v of verdicts.slice(1)) assert.notEqual(v.verdict, 'skip', `${v.id}: an incidental skip is left out`);
  });

  it('a required check that has nothing to judge still says skip', () => {
    const verdicts = judgeScenario(['queue.replay'], new TimelineBuilder().build());
    assert.equal(verdicts[0]?.verdict, 'skip');
  });
});
