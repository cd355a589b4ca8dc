import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as fieldsCheck } from '../../harness/checks/connect/fields.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { BACKUP, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const fields = onInput(fieldsCheck);

describe('connect.fields', () => {
  it('passes the defaults: device id as client id, clean, keep-alive 60, no will', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    const v = fields(b.build());
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('passes configured fields, and the backup CONNECT uses mqtt1', () => {
    const b = new TimelineBuilder({
      mqtt: { client_id: 'lab-1', user: 'u', pass: 'p', keep_alive: 0, will_topic: 'w', will_message: 'gone', will_retain: true },
      mqtt1: { enable: true, server: BACKUP, client_id: 'lab-1-b' },
    });
    b.session('mqtt');
    b.session('mqtt1');
    assertPassCounting(fields(b.build()), 2);
  });

  it('fails a wrong client id', () => {
    const b = new TimelineBuilder();
    b.session('mqtt', [], { clientId: 'mongoose' });
    const v = fields(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /clientId "mongoose", expected "esp32_1CA848"/);
  });

  it('fails a will sent with only the topic set, or at QoS 1', () => {
    const b = new TimelineBuilder({ mqtt: { will_topic: 'w' } });
    b.session('mqtt', [], { will: { topic: 'w', payload: '', qos: 0, retain: false } });
    assert.equal(fields(b.build()).verdict, 'fail');
    const b2 = new TimelineBuilder({ mqtt: { will_topic: 'w', will_message: 'm' } });
    b2.session('mqtt', [], { will: { topic: 'w', payload: 'm', qos: 1, retain: false } });
    assert.equal(fields(b2.build()).verdict, 'fail');
  });

  it('fails keep-alive 0 sent as 0 (the impl sends 60)', () => {
    const b = new TimelineBuilder({ mqtt: { keep_alive: 0 } });
    b.session('mqtt', [], { keepalive: 0 });
    assert.equal(fields(b.build()).verdict, 'fail');
  });

  it('skips without a CONNECT', () => {
    const b = new TimelineBuilder();
    b.closedPort('mqtt');
    assertNothingToJudge(fields(b.build()), /no CONNECT packet/);
  });

  it('has nothing to judge in connections the gate reset before a CONNECT, nor in one from before the slice', () => {
    const b = new TimelineBuilder();
    const old = b.carriedOver('mqtt');
    b.packet(old, 'in', 'connect', { connect: { clientId: 'from-the-last-boot', protocolVersion: 4, clean: true, keepalive: 60, hasPassword: false } });
    b.rst('mqtt');
    b.wait(2000).rst('mqtt');
    assertNothingToJudge(fields(b.build()), /no CONNECT packet/);
  });
});
