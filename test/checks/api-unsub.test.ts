/**
 * api.unsub: mgos_mqtt_unsub acts only on a remembered subscription. Source:
 * mongoose-os-libs/mqtt mgos_mqtt_conn.c mgos_mqtt_conn_unsub (SLIST_FOREACH over the
 * subscriptions; the first entry whose topic matches is logged, unsubscribed while
 * connected, removed, and true returned; otherwise false).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as unsubCheck } from '../../harness/checks/api/unsub.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const unsub = onInput(unsubCheck);

function board(unknown: { removed: boolean; sends: boolean }) {
  const b = new TimelineBuilder();
  const c = b.session('mqtt');
  b.act({ kind: 'sub', topic: 'hil/gone', qos: 1 }).wait(20);
  b.act({ kind: 'unsub', topic: 'hil/never-subscribed', removed: unknown.removed }).tick();
  if (unknown.sends) b.packet(c, 'in', 'unsubscribe', { packetId: 3, unsubscriptions: ['hil/never-subscribed'] });
  b.wait(20).act({ kind: 'unsub', topic: 'hil/gone', removed: true }).tick();
  b.packet(c, 'in', 'unsubscribe', { packetId: 4, unsubscriptions: ['hil/gone'] });
  return b.wait(1000).build();
}

describe('api.unsub', () => {
  it('passes false and silence for a topic never subscribed, true and an UNSUBSCRIBE for a remembered one', () => {
    assertPassCounting(unsub(board({ removed: false, sends: false })), 3);
  });

  it('fails true, or an UNSUBSCRIBE, for a topic the board never had (unsub-any-topic)', () => {
    const v = unsub(board({ removed: true, sends: true }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /HIL.Unsub hil\/never-subscribed returned true; the board never had that subscription, so the library returns false/);
    assert.match(JSON.stringify(v), /hil\/never-subscribed was not a subscription the board remembered; the library sends nothing for it/);
  });

  it('a filter subscribed twice survives one unsubscribe: the second returns true too', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    b.act({ kind: 'sub', topic: 'a', qos: 1 }).wait(5).act({ kind: 'sub', topic: 'a', qos: 1 }).wait(5);
    b.act({ kind: 'unsub', topic: 'a', removed: true }).wait(5).act({ kind: 'unsub', topic: 'a', removed: true }).wait(5).act({ kind: 'unsub', topic: 'a', removed: false });
    assertPassCounting(unsub(b.wait(500).build()), 3);
  });

  it('judges nothing without an unsubscribe', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    assertNothingToJudge(unsub(b.wait(500).build()), /no HIL.Unsub/);
  });
});
