import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import type { TimelineEvent } from '../../harness/timeline/events.ts';
import { formatEvent } from '../../harness/timeline/format.ts';
import { JsonlSink, readJsonl } from '../../harness/timeline/jsonl-sink.ts';
import { Timeline, TimelineTimeoutError } from '../../harness/timeline/timeline.ts';

function fakeClock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Timeline', () => {
  it('records validated events and filters them by kind, broker, connection and time', () => {
    const clock = fakeClock();
    const tl = new Timeline({ clock: clock.now });
    tl.stamp({ kind: 'tcp.accept', broker: 'primary', conn: 1, remote: '10.0.0.2:5000' });
    clock.advance(10);
    tl.stamp({ kind: 'tcp.accept', broker: 'backup', conn: 1, remote: '10.0.0.2:5001' });
    clock.advance(10);
    tl.stamp({ kind: 'tcp.close', broker: 'primary', conn: 1, by: 'device', how: 'fin' });
    tl.stamp({ kind: 'note', text: 'primary down' });
    assert.equal(tl.size, 4);
    assert.deepEqual(tl.events({ kind: 'tcp.accept' }).map((e) => e.broker), ['primary', 'backup']);
    assert.equal(tl.events({ broker: 'primary' }).length, 2);
    assert.equal(tl.events({ broker: 'primary', conn: 1, kind: ['tcp.close'] })[0]?.how, 'fin');
    assert.equal(tl.events({ since: 1010 }).length, 3);
    assert.equal(tl.events({ until: 1010 }).length, 2);
    assert.equal(tl.events({ kind: 'note' }, (e) => e.text.includes('down')).length, 1);
  });

  it('refuses an event that does not match the schema, naming the kind', () => {
    const tl = new Timeline();
    assert.throws(
      () => tl.record({ kind: 'tcp.close', t: 1, broker: 'primary', conn: 1, by: 'someone', how: 'fin' } as unknown as TimelineEvent),
      /invalid tcp\.close event/,
    );
    assert.equal(tl.size, 0);
  });

  it('waitFor resolves on an event already recorded (since) and on one yet to come', async () => {
    const tl = new Timeline();
    tl.stamp({ kind: 'note', text: 'early' });
    const early = await tl.waitFor((e) => e.kind === 'note' && e.text === 'early', { timeoutMs: 100 });
    assert.equal(early.kind, 'note');
    const since = tl.now();
    const later = tl.waitFor((e) => e.kind === 'note', { timeoutMs: 1000, since });
    queueMicrotask(() => tl.stamp({ kind: 'note', text: 'later' }));
    const got = await later;
    assert.equal(got.kind === 'note' && got.text, 'later');
  });

  it('waitFor fails after the deadline with what was seen instead', async () => {
    const tl = new Timeline({ errorTail: 2 });
    for (const text of ['a', 'b', 'c']) tl.stamp({ kind: 'note', text });
    const err = await tl
      .waitFor((e) => e.kind === 'tcp.accept', { timeoutMs: 30, description: 'a TCP accept' })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof TimelineTimeoutError);
    assert.equal(err.seen.length, 2);
    assert.equal(err.seenCount, 3);
    assert.match(err.message, /timed out after 30 ms waiting for a TCP accept; 3 event\(s\) seen instead, the last: .*note c\nthe last 2:/);
    assert.match(err.message, /note b\n.*note c$/);
  });

  it('waitFor with since ignores older matches', async () => {
    const tl = new Timeline();
    tl.stamp({ kind: 'note', text: 'old' });
    const since = tl.now() + 1e-3;
    await assert.rejects(tl.waitFor((e) => e.kind === 'note', { timeoutMs: 20, since }), TimelineTimeoutError);
  });

  it('subscribe delivers each event once and unsubscribes; a throwing listener does not stop recording', async () => {
    const tl = new Timeline();
    const seen: string[] = [];
    const warned = once(process, 'warning');
    const offBad = tl.subscribe(() => {
      throw new Error('listener bug');
    });
    const off = tl.subscribe((e) => seen.push(e.kind));
    tl.stamp({ kind: 'note', text: 'one' });
    off();
    offBad();
    tl.stamp({ kind: 'note', text: 'two' });
    assert.deepEqual(seen, ['note']);
    assert.equal(tl.size, 2);
    const [warning] = (await warned) as [Error];
    assert.match(warning.message, /timeline listener threw on a note event: Error: listener bug/);
  });
});

describe('JsonlSink', () => {
  it('appends each event right after the turn that recorded it, and reads back valid events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hil-tl-'));
    try {
      const path = join(dir, 'sub', 'run.jsonl');
      const tl = new Timeline({ sink: new JsonlSink(path) });
      tl.stamp({ kind: 'listen', broker: 'primary', port: 1883, listening: true });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 1, 'on disk after its turn');
      tl.stamp({
        kind: 'mqtt.packet', broker: 'primary', conn: 1, dir: 'in', type: 'connect',
        connect: { clientId: 'esp32_1', protocolVersion: 4, clean: true, keepalive: 60, hasPassword: true },
      });
      tl.close();
      const back = readJsonl(path);
      assert.deepEqual(back, tl.events());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('readJsonl names the file and line of a bad line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hil-tl-'));
    try {
      const path = join(dir, 'bad.jsonl');
      const sink = new JsonlSink(path);
      sink.write({ kind: 'note', t: 1, text: 'ok' });
      sink.close();
      assert.throws(() => sink.write({ kind: 'note', t: 2, text: 'late' }), /is closed/);
      writeFileSync(path, `${readFileSync(path, 'utf8')}{"kind":"note"}\n`);
      assert.throws(() => readJsonl(path), /bad\.jsonl:2: not a timeline event/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatEvent', () => {
  it('prints a CONNECT with its fields on one line', () => {
    const line = formatEvent({
      kind: 'mqtt.packet', t: 12.34, broker: 'backup', conn: 3, dir: 'in', type: 'connect',
      connect: { clientId: 'dev', protocolVersion: 4, clean: false, keepalive: 30, hasPassword: false, username: 'u', will: { topic: 'w', payload: 'x', qos: 0, retain: false } },
    });
    assert.equal(line, '      12.3 backup#3 → CONNECT clientId=dev v4 clean=false keepalive=30 user=u will=w@0');
  });
});
