import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrokerPair } from '../../harness/brokers/broker-pair.ts';
import { ControlApi } from '../../harness/brokers/control-api.ts';
import type { TimelineEvent } from '../../harness/timeline/events.ts';
import { RawClient } from './raw-client.ts';

let pair: BrokerPair;
let api: ControlApi;

before(async () => {
  pair = await BrokerPair.start();
  api = await ControlApi.start({ pair, port: 0 });
});
after(async () => {
  await api.close();
  await pair.close();
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field by the asserts
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${api.url}${path}`, init);
  return { status: res.status, json: await res.json() };
}

describe('control API', { concurrency: false }, () => {
  it('GET /state shows both brokers, ports, faults and the clock', async () => {
    const { status, json } = await call('GET', '/state');
    assert.equal(status, 200);
    assert.equal(json.brokers.primary.port, pair.primary.port);
    assert.equal(json.brokers.backup.port, pair.backup.port);
    assert.deepEqual(json.brokers.primary.fault, { fault: 'accept' });
    assert.equal(typeof json.clock.now, 'number');
  });

  it('PUT /brokers/primary/fault switches the fault; the device sees it', async () => {
    const put = await call('PUT', '/brokers/primary/fault', { fault: 'connack', code: 5 });
    assert.equal(put.status, 200);
    assert.deepEqual(put.json, { broker: 'primary', fault: { fault: 'connack', code: 5, how: 'fin' } });
    const r = await RawClient.connect(pair.primary.port, 'api-refused');
    assert.equal((await r.next('connack')).returnCode, 5);
    await r.waitEnd();
    assert.equal((await call('PUT', '/brokers/primary/fault', { fault: 'accept' })).status, 200);
    const ok = await RawClient.connect(pair.primary.port, 'api-ok');
    assert.equal((await ok.next('connack')).returnCode, 0);
    const drop = await call('POST', '/brokers/primary/drop', { how: 'fin' });
    assert.deepEqual(drop.json, { broker: 'primary', dropped: 1, how: 'fin' });
    await ok.waitEnd();
  });

  it('bad input is a 400 that names the path; unknown places are 404; wrong methods 405', async () => {
    const bad = await call('PUT', '/brokers/primary/fault', { fault: 'connack', code: 9 });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /Too big[\s\S]*at code/);
    assert.match((await call('PUT', '/brokers/primary/fault', { fault: 'tarpit' })).json.error, /unknown fault "tarpit"/);
    assert.match((await call('PUT', '/brokers/primary/fault', '{not json')).json.error, /not JSON/);
    assert.equal((await call('PUT', '/brokers/primary/fault', '')).status, 400);
    assert.equal((await call('PUT', '/brokers/tertiary/fault', { fault: 'accept' })).status, 404);
    assert.equal((await call('GET', '/nowhere')).status, 404);
    assert.equal((await call('POST', '/state')).status, 405);
    assert.match((await call('GET', '/timeline?since=abc')).json.error, /since must be a number/);
    assert.deepEqual(pair.primary.fault, { fault: 'accept' });
  });

  it('GET /timeline returns the events as a JSON array, filterable', async () => {
    const all = (await call('GET', '/timeline')).json as TimelineEvent[];
    assert.ok(Array.isArray(all));
    assert.equal(all.length, pair.timeline.size);
    const ts = all.map((e) => e.t);
    assert.deepEqual(ts, [...ts].sort((a, b) => a - b));
    const connects = (await call('GET', '/timeline?kind=mqtt.packet&broker=primary')).json as TimelineEvent[];
    assert.ok(connects.every((e) => e.kind === 'mqtt.packet' && e.broker === 'primary'));
    assert.ok(connects.some((e) => e.kind === 'mqtt.packet' && e.connect?.clientId === 'api-refused'));
    assert.equal((await call('GET', '/timeline?kind=nonsense')).status, 400);
  });

  it('POST /notes marks the timeline; POST /plan schedules faults and DELETE /plan cancels them', async () => {
    const note = await call('POST', '/notes', { text: 'board unplugged' });
    assert.equal(note.json.kind, 'note');
    const plan = await call('POST', '/plan', [
      { at: 0, broker: 'backup', fault: { fault: 'refuse-rst' } },
      { at: 60_000, broker: 'backup', fault: { fault: 'accept' } },
    ]);
    assert.equal(plan.status, 200);
    await pair.timeline.waitFor((e) => e.kind === 'fault' && e.broker === 'backup' && e.fault === 'refuse-rst', { timeoutMs: 2000 });
    assert.deepEqual((await call('DELETE', '/plan')).json, { cancelled: 1 });
    assert.match((await call('POST', '/plan', [{ at: 0, broker: 'backup', fault: { fault: 'nope' } }])).json.error, /step \[0\]\.fault: unknown fault "nope"/);
    await call('PUT', '/brokers/backup/fault', { fault: 'accept' });
  });
});
