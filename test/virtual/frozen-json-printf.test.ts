/**
 * The virtual board's json_printf (harness/virtual/frozen-json-printf.ts) pinned by strings
 * frozen itself states, never by its own output:
 * - README = cesanta/frozen README.md, section "json_printf()";
 * - UNIT = cesanta/frozen unit_test.c, test_json_printf (the library's expected strings);
 * - REF = harness/model/pubf-cases.ts, the payloads written out by hand from those rules.
 * And HIL.Pubf on the virtual board: what it hands mgos_mqtt_pub, faithful and under
 * the pubf-as-printf personality.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PUBF_CASES } from '../../harness/contract/hil.ts';
import { pubfReference } from '../../harness/model/pubf-cases.ts';
import type { VirtualBoard } from '../../harness/virtual/board.ts';
import { jsonPrintf } from '../../harness/virtual/frozen-json-printf.ts';
import { registerHilMethods } from '../../harness/virtual/methods/hil.ts';
import { pubfCalls } from '../../harness/virtual/methods/pubf-cases.ts';
import { pubfAsPrintf } from '../../harness/virtual/personalities/pubf-as-printf.ts';
import type { Dispatcher } from '../../harness/virtual/rpc/dispatcher.ts';

const text = (format: string, ...args: Array<number | string | null>) => jsonPrintf(format, args).toString('utf8');

describe('frozen json_printf (virtual board)', () => {
  it('README: {%Q: %d, x: [%B, %B], y: %Q} → {"foo": 123, "x": [false, true], "y": "hi"}', () => {
    // README "json_printf()" example (also UNIT test_json_printf): the key x, y quoted; %B of -1 is true.
    assert.equal(text('{%Q: %d, x: [%B, %B], y: %Q}', 'foo', 123, 0, -1, 'hi'), '{"foo": 123, "x": [false, true], "y": "hi"}');
  });

  it('README: the %M printer\'s own format {a: %d, b: %d} → {"a": 1, "b": 2}', () => {
    // README "json_printf()": print_my_struct prints "{a: %d, b: %d}" of {1, 2}; the result shows {"a": 1, "b": 2}.
    assert.equal(text('{a: %d, b: %d}', 1, 2), '{"a": 1, "b": 2}');
  });

  it('UNIT: %Q escapes " \\ CR LF TAB and a control byte; %.*Q takes a length', () => {
    // UNIT test_json_printf: json_printf("{a: %Q}", "\"\\\r\nя\t\x02") → {"a": "\"\\\r\nя\t\u0002"} (я copied as UTF-8).
    assert.equal(text('{a: %Q}', '"\\\r\nя\t\x02'), '{"a": "\\"\\\\\\r\\nя\\t\\u0002"}');
    // UNIT: json_printf("%.*Q", 3, "foobar") → "\"foo\"".
    assert.equal(text('%.*Q', 3, 'foobar'), '"foo"');
  });

  it('README: %Q of NULL prints null ("print quoted escaped string or `null`")', () => {
    assert.equal(text('{n: %Q}', null), '{"n": null}');
  });

  it('frozen.c json_vprintf: whitespace and punctuation are copied, nothing is added', () => {
    // The first branch of json_vprintf copies ": , \r\n\t[]{}\"" one character at a time.
    assert.equal(text('{a:%d,b :[ %d ]}', 1, 2), '{"a":1,"b" :[ 2 ]}');
  });

  it('REF: each HIL.Pubf case prints the payload written out in harness/model/pubf-cases.ts', () => {
    for (const c of PUBF_CASES) {
      assert.equal(pubfCalls[c].format, pubfReference[c].format, `case ${c}: the board's format and the reference's`);
      assert.equal(jsonPrintf(pubfCalls[c].format, pubfCalls[c].args).toString('utf8'), pubfReference[c].payload, `case ${c}`);
    }
  });

  it('without quoting identifiers (printf semantics) the keys stay bare: not JSON', () => {
    const printf = jsonPrintf(pubfCalls.keys.format, pubfCalls.keys.args, { quoteIdentifiers: false }).toString('utf8');
    assert.equal(printf, '{a: 1, b_2:-42, _c3 : 65536}');
    assert.throws(() => JSON.parse(printf));
  });

  it('refuses a conversion it does not model and a wrong argument list', () => {
    assert.throws(() => jsonPrintf('%s', ['x']), /not a conversion/);
    assert.throws(() => jsonPrintf('%d', []), /no argument/);
    assert.throws(() => jsonPrintf('%d', [1, 2]), /2 arguments passed, 1 read/);
  });
});

describe('HIL.Pubf on the virtual board', () => {
  /** Runs HIL.Pubf on a board stub; what the method handed mgos_mqtt_pub. */
  function pubf(params: unknown, personality: Record<string, unknown> = {}) {
    const handlers = new Map<string, (params: unknown) => unknown>();
    const rpc = { register: (name: string, fn: (params: unknown) => unknown) => handlers.set(name, fn) } as unknown as Dispatcher;
    const published: Array<{ topic: string; payload: string; qos: number; retain: boolean }> = [];
    const events: unknown[] = [];
    const board = {
      mqtt: {
        personality,
        pub: (topic: string, message: Uint8Array, qos: number, retain: boolean) => {
          published.push({ topic, payload: Buffer.from(message).toString('utf8'), qos, retain });
          return 42;
        },
      },
      event: (e: unknown) => events.push(e),
      clock: { now: () => 1500 },
    } as unknown as VirtualBoard;
    registerHilMethods(rpc, board);
    const result = handlers.get('HIL.Pubf')!(params);
    return { result, published, events };
  }

  it('publishes frozen\'s payload at the QoS and retain asked for, and answers the packet id', () => {
    const r = pubf({ topic: 'hil/api/pubf', case: 'nested', qos: 1, retain: true });
    assert.deepEqual(r.published, [{ topic: 'hil/api/pubf', payload: pubfReference.nested.payload, qos: 1, retain: true }]);
    assert.deepEqual(r.result, { packet_id: 42 });
    assert.deepEqual(r.events, [{ ev: 'pubf', case: 'nested', packet_id: 42, topic: 'hil/api/pubf', qos: 1, t: 1500 }]);
  });

  it('pubf-as-printf publishes the keys unquoted', () => {
    const r = pubf({ topic: 't', case: 'keys' }, { pubfQuotesIdentifiers: pubfAsPrintf.pubfQuotesIdentifiers });
    assert.equal(r.published[0]?.payload, '{a: 1, b_2:-42, _c3 : 65536}');
  });

  it('a case the firmware does not have is a 400', () => {
    assert.throws(() => pubf({ topic: 't', case: 'printf' }), /HIL.Pubf/);
  });
});
