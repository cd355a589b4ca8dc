/**
 * api.pubf on synthetic timelines. Where the expected payloads come from: written out by
 * hand in harness/model/pubf-cases.ts from frozen's README ("json_printf()": keys
 * auto-quoted, %B, %Q/null, %.*Q) and frozen.c (json_vprintf copies punctuation and
 * whitespace one for one); the return value: impl mgos_mqtt_conn_pubv (json_vasprintf, then
 * mgos_mqtt_conn_pub's packet id; 0 without a connection object). The first timeline is
 * the scenario in scenarios/api.spec.ts as the faithful board plays it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as pubfCheck } from '../../harness/checks/api/pubf.ts';
import { PUBF_CASES, type PubfCase } from '../../harness/contract/hil.ts';
import { pubfReference } from '../../harness/model/pubf-cases.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const pubf = onInput(pubfCheck);
const topicOf = (c: PubfCase) => `hil/api/pubf/${c}`;

interface Call {
  case: PubfCase;
  qos: 0 | 1 | 2;
  retain?: boolean;
  /** What the call returned. */
  returned: number;
  /** The PUBLISH the broker got (none: undefined). */
  wire?: { payload: string; qos: number; retain: boolean; packetId?: number };
}

/** A session, then each call and the broker's copy of its PUBLISH. */
function timeline(calls: Call[], opts: { connected?: boolean; maxQos?: number; enable?: boolean } = {}) {
  const b = new TimelineBuilder({ mqtt: { ...(opts.maxQos === undefined ? {} : { max_qos: opts.maxQos }), ...(opts.enable === false ? { enable: false } : {}) } });
  const c: Conn | undefined = opts.connected === false ? undefined : b.session('mqtt');
  for (const call of calls) {
    b.wait(5).act({ kind: 'pubf', topic: topicOf(call.case), case: call.case, qos: call.qos, retain: call.retain ?? false, packetId: call.returned, connected: c !== undefined });
    if (call.wire !== undefined && c !== undefined) {
      const w = call.wire;
      b.wait(5).packet(c, 'in', 'publish', {
        topic: topicOf(call.case), payload: w.payload, payloadLength: Buffer.byteLength(w.payload), qos: w.qos, dup: false, retain: w.retain,
        ...(w.qos > 0 ? { packetId: w.packetId ?? call.returned } : {}),
      });
      if (w.qos === 1) b.tick().packet(c, 'out', 'puback', { packetId: w.packetId ?? call.returned });
    }
  }
  return b.build();
}

/** The library: every case as frozen prints it, at the QoS asked for. */
function faithful(): Call[] {
  return PUBF_CASES.map((name, i) => {
    const qos = (i % 3) as 0 | 1 | 2;
    const retain = name === 'bools';
    return { case: name, qos, retain, returned: i + 1, wire: { payload: pubfReference[name].payload, qos, retain } };
  });
}

describe('api.pubf', () => {
  it('passes the library: each case\'s payload exactly as frozen prints it, QoS and retain as asked, the packet id returned', () => {
    const v = pubf(timeline(faithful()));
    assertPassCounting(v, PUBF_CASES.length);
    assert.ok(v.source.some((s) => s.id === 'impl.pubf') && v.source.some((s) => s.id === 'doc.frozen.json-printf'));
  });

  it('fails bare keys (pubf-as-printf): {a: 1, …} is what C printf prints, not frozen', () => {
    const calls = faithful();
    calls[0] = { ...calls[0]!, wire: { ...calls[0]!.wire!, payload: '{a: 1, b_2:-42, _c3 : 65536}' } };
    const v = pubf(timeline(calls));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /HIL.Pubf keys .*the broker got "\{a: 1, b_2:-42, _c3 : 65536\}"; frozen prints "\{\\"a\\": 1, \\"b_2\\":-42, \\"_c3\\" : 65536\}"/);
    assert.match(v.reason, /bare keys/);
  });

  it('fails a formatter that normalises whitespace or escapes differently', () => {
    // frozen copies the format's spaces as they are: "b_2:%d" has none, "_c3 : %d" keeps the one before ':'.
    const spaced = faithful();
    spaced[0] = { ...spaced[0]!, wire: { ...spaced[0]!.wire!, payload: '{"a": 1, "b_2": -42, "_c3": 65536}' } };
    assert.equal(pubf(timeline(spaced)).verdict, 'fail');
    // %Q of NULL is null (README), not "" or "(null)".
    const nullText = faithful();
    nullText[1] = { ...nullText[1]!, wire: { ...nullText[1]!.wire!, payload: '{"s": "say \\"hi\\"\\\\\\n\\t.", "none": "(null)"}' } };
    assert.match(pubf(timeline(nullText)).reason, /HIL.Pubf escapes/);
  });

  it('fails the wrong QoS or retain, and applies the max QoS cap', () => {
    const qos = faithful();
    qos[1] = { ...qos[1]!, wire: { ...qos[1]!.wire!, qos: 0 } };
    assert.match(pubf(timeline(qos)).reason, /PUBLISH at QoS 0; expected 1/);
    const retain = faithful();
    retain[2] = { ...retain[2]!, wire: { ...retain[2]!.wire!, retain: false } };
    assert.match(pubf(timeline(retain)).reason, /retain false; asked true/);
    // max_qos 0: a QoS 2 call goes out at QoS 0.
    const capped = pubf(timeline([{ case: 'nested', qos: 2, returned: 9, wire: { payload: pubfReference.nested.payload, qos: 0, retain: false } }], { maxQos: 0 }));
    assertPassCounting(capped, 1);
  });

  it('fails a return other than the packet id: 0, or not the PUBLISH\'s id', () => {
    const zero = faithful();
    zero[3] = { ...zero[3]!, returned: 0, wire: { ...zero[3]!.wire!, packetId: 4 } };
    assert.match(pubf(timeline(zero)).reason, /returned 0/);
    const other = faithful();
    other[1] = { ...other[1]!, returned: 2, wire: { ...other[1]!.wire!, packetId: 7 } };
    assert.match(pubf(timeline(other)).reason, /returned 2, but its PUBLISH carried packet id 7/);
  });

  it('fails a connected call whose PUBLISH never reached the broker', () => {
    const lost = faithful();
    lost[4] = { case: 'pubv', qos: 1, returned: 5 };
    assert.match(pubf(timeline(lost)).reason, /HIL.Pubf pubv .* no PUBLISH on hil\/api\/pubf\/pubv reached the broker/);
  });

  it('with mqtt disabled at boot: 0 and nothing sent passes; an id fails', () => {
    assertPassCounting(pubf(timeline([{ case: 'keys', qos: 1, returned: 0 }], { connected: false, enable: false })), 1);
    assert.match(pubf(timeline([{ case: 'keys', qos: 1, returned: 3 }], { connected: false, enable: false })).reason, /expected 0/);
  });

  it('judges nothing without HIL.Pubf', () => {
    assertNothingToJudge(pubf(new TimelineBuilder().build()), /HIL.Pubf/);
  });
});
