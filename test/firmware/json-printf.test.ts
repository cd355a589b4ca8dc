/**
 * The json_printf model (json-printf.ts) pinned by what frozen itself documents and
 * by the real output quoted in the spec, never by the model's own output:
 * - README = cesanta/frozen README.md, section "json_printf()" (and "json_asprintf()");
 * - UNIT = cesanta/frozen unit_test.c, test_json_printf / test_json_printf_hex /
 *   test_json_printf_base64 (the library's own expected strings);
 * - SPEC = spec serial-and-rpc.md, "The firmware's own JSON: frozen's json_printf rules".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CArg, type JsonOut, jsonAsprintf, jsonPrintf, type VaList } from './json-printf.ts';

/** A %M printer for an array of values, each printed with `fmt` (frozen's json_printf_array, as README describes it). */
function arrayPrinter(values: CArg[], fmt: string) {
  return (out: JsonOut): number => {
    let n = jsonPrintf(out, '[');
    values.forEach((v, i) => {
      if (i > 0) n += jsonPrintf(out, ', ');
      n += jsonPrintf(out, fmt, v);
    });
    return n + jsonPrintf(out, ']');
  };
}

test('README: keys are auto-quoted, %Q quotes, %B prints booleans', () => {
  // README "json_printf()" example: {%Q: %d, x: [%B, %B], y: %Q} → {"foo": 123, "x": [false, true], "y": "hi"}
  assert.equal(
    jsonAsprintf('{%Q: %d, x: [%B, %B], y: %Q}', 'foo', 123, 0, -1, 'hi'),
    '{"foo": 123, "x": [false, true], "y": "hi"}',
  );
});

test('README: %M calls a printer that takes its own arguments', () => {
  // README "json_printf()": print_my_struct prints "{a: %d, b: %d}" from a struct {1, 2};
  // "{foo: %M, bar: %d}" → {"foo": {"a": 1, "b": 2}, "bar": 3}
  const printMyStruct = (out: JsonOut, ap: VaList): number => {
    const s = ap.arg('struct my_struct *') as unknown as { a: number; b: number };
    return jsonPrintf(out, '{a: %d, b: %d}', s.a, s.b);
  };
  const mys = { a: 1, b: 2 } as unknown as CArg;
  assert.equal(jsonAsprintf('{foo: %M, bar: %d}', printMyStruct, mys, 3), '{"foo": {"a": 1, "b": 2}, "bar": 3}');
});

test('README/UNIT: %H prints quoted hex from a length and bytes', () => {
  // README "json_asprintf()": json_asprintf("{a:%H}", 3, "abc") prints "616263" (inside the object)
  assert.equal(jsonAsprintf('{a:%H}', 3, 'abc'), '{"a":"616263"}');
  // UNIT test_json_printf_hex: json_asprintf("%H", 3, "abc") → "\"616263\""
  assert.equal(jsonAsprintf('%H', 3, 'abc'), '"616263"');
  // UNIT: json_printf("%H", 9, "\x00 \x01 \x02 abc") → "\"002001200220616263\""
  assert.equal(jsonAsprintf('%H', 9, '\x00 \x01 \x02 abc'), '"002001200220616263"');
});

test('UNIT: %V prints quoted base64 from bytes and a length', () => {
  // UNIT: "%V", "a2", 2 → "\"YTI=\""; "%V", "\x00 \x01 \x02 abc", 9 → "\"ACABIAIgYWJj\""
  assert.equal(jsonAsprintf('%V', 'a2', 2), '"YTI="');
  assert.equal(jsonAsprintf('%V', '\x00 \x01 \x02 abc', 9), '"ACABIAIgYWJj"');
  // UNIT test_json_printf_base64: "{a:%d,b:%V}", 77, "hi", 2 → {"a":77,"b":"aGk="}
  assert.equal(jsonAsprintf('{a:%d,b:%V}', 77, 'hi', 2), '{"a":77,"b":"aGk="}');
});

test('UNIT: %.*Q takes a length, %Q escapes', () => {
  // UNIT: json_printf("%.*Q", 3, "foobar") prints "\"foo\"" (5 bytes)
  assert.equal(jsonAsprintf('%.*Q', 3, 'foobar'), '"foo"');
  // UNIT: "{a: %Q}" with "\"\\\r\nя\t\x02" → {"a": "\"\\\r\nя\t\u0002"} (C: "{\"a\": \"\\\"\\\\\\r\\nя\\t\\u0002\"}")
  assert.equal(jsonAsprintf('{a: %Q}', '"\\\r\nя\t\x02'), '{"a": "\\"\\\\\\r\\nя\\t\\u0002"}');
});

test('UNIT: %lld/%llu take 64-bit values, %zu a size_t, %ld a long', () => {
  // UNIT: "%ld %d", 42, 42 → "42 42"; "%llu %d", 0xdeadbeeffee1deadUL, 42 → "16045690985373621933 42";
  // "%zu %d", (size_t) 12, 42 → "12 42"; "%lu %d", 12, 42 → "12 42"
  assert.equal(jsonAsprintf('%ld %d', 42, 42), '42 42');
  assert.equal(jsonAsprintf('%llu %d', 0xdeadbeeffee1deadn, 42), '16045690985373621933 42');
  assert.equal(jsonAsprintf('%zu %d', 12, 42), '12 42');
  assert.equal(jsonAsprintf('%lu %d', 12, 42), '12 42');
  // UNIT test_system: the same bits as int64_t print as -2401053088335929683
  assert.equal(jsonAsprintf('%lld', BigInt.asIntN(64, 0xdeadbeeffee1deadn)), '-2401053088335929683');
});

test('UNIT: everything else goes to printf, so %s is raw text and identifiers stay quoted', () => {
  // UNIT: "%.*s %d", 2, "abc", 5 → "ab 5"; "%c", 0x53 → "S"; "<array>%02x", 15 → "<\"array\">0f"
  assert.equal(jsonAsprintf('%.*s %d', 2, 'abc', 5), 'ab 5');
  assert.equal(jsonAsprintf('%c', 0x53), 'S');
  assert.equal(jsonAsprintf('<array>%02x', 15), '<"array">0f');
  // UNIT: "a_b0: %d", 1 → "\"a_b0\": 1" (digits and _ belong to the identifier)
  assert.equal(jsonAsprintf('a_b0: %d', 1), '"a_b0": 1');
  // UNIT: "{a: \"%s\"}", "b" → {"a": "b"}: quotes around a conversion are copied once
  assert.equal(jsonAsprintf('{a: "%s"}', 'b'), '{"a": "b"}');
  // UNIT: "{foo: %s}" with a long quoted string → {"foo": "<the string>"}
  const long = `"${'1234567890'.repeat(10)}"`;
  assert.equal(jsonAsprintf('{foo: %s}', long), `{"foo": ${long}}`);
});

/** UNIT's second double, spelled as a string: the literal reads as an approximation of π to the linter. */
const UNIT_PI = Number('3.1415926');

test('UNIT: %M with an array printer, as json_printf_array prints', () => {
  // UNIT: int {-2387, 943478}, "%d" → "[-2387, 943478]"
  assert.equal(jsonAsprintf('%M', arrayPrinter([-2387, 943478], '%d')), '[-2387, 943478]');
  // UNIT: double {9.32156, 3.1415926}, "%.2lf" → "[9.32, 3.14]"; "%.4g" → "[9.322, 3.142]"
  assert.equal(jsonAsprintf('%M', arrayPrinter([9.32156, UNIT_PI], '%.2lf')), '[9.32, 3.14]');
  assert.equal(jsonAsprintf('%M', arrayPrinter([9.32156, UNIT_PI], '%.4g')), '[9.322, 3.142]');
  // UNIT: unsigned short {65535, 777}, "%hd", then 37 → {"a": [-1, 777], "b": 37}
  assert.equal(jsonAsprintf('{a: %M, b: %d}', arrayPrinter([65535, 777], '%hd'), 37), '{"a": [-1, 777], "b": 37}');
  // UNIT: const char *{"hi", "there", NULL}, "%Q" → ["hi", "there", null]
  assert.equal(jsonAsprintf('%M', arrayPrinter(['hi', 'there', null], '%Q')), '["hi", "there", null]');
});

test('SPEC: a printf-style event format prints the doubled quotes seen on a real board', () => {
  // SPEC: the firmware built with the real frozen printed HIL {""ev"":""boot"",""t"":250,…}
  // from the printf-style format {\"ev\":\"boot\",\"t\":%lld,\"fw_id\":%Q}
  const line = jsonAsprintf('{"ev":"boot","t":%lld,"fw_id":%Q}', 250n, 'fw');
  assert.ok(line.startsWith('{""ev"":""boot"",""t"":250,'), line);
  assert.throws(() => JSON.parse(line), SyntaxError);
  // SPEC: {\"ev\":\"boot\"} prints {""ev"":""boot""}; {ev: %Q} prints {"ev": "…"}
  assert.equal(jsonAsprintf('{"ev":"boot"}'), '{""ev"":""boot""}');
  assert.equal(jsonAsprintf('{ev: %Q}', 'boot'), '{"ev": "boot"}');
});

test('SPEC: a printf-style HIL.Status reply prints the doubled quotes seen on a real board', () => {
  // SPEC: HIL.Status answered {""connected"":false,""server"":"127.0.0.1:1883",…}: keys doubled,
  // the %Q value quoted once
  const reply = jsonAsprintf('{"connected":%B,"server":%Q,"cfg":%Q}', 0, '127.0.0.1:1883', 'mqtt');
  assert.ok(reply.startsWith('{""connected"":false,""server"":"127.0.0.1:1883",'), reply);
  assert.throws(() => JSON.parse(reply), SyntaxError);
});

test('SPEC: %Q of NULL prints null', () => {
  // SPEC: "%Q prints a C string as a JSON string (escaped; NULL → null)"; README: "or `null`"
  assert.equal(jsonAsprintf('{a: %Q}', null), '{"a": null}');
});

test('the model refuses arguments that do not fit the format', () => {
  assert.throws(() => jsonAsprintf('{t: %lld}'), /reads argument 1, but only 0 were passed/);
  assert.throws(() => jsonAsprintf('{a: %Q}', 3), /takes a char \*/);
  assert.throws(() => jsonAsprintf('{a: %d}', 1, 2), /reads 1 arguments, but 2 were passed/);
  // frozen skips an int after %e but printf read a double: what follows is misread on the board
  assert.throws(() => jsonAsprintf('%e %d', 1.5, 2), /misread/);
  // "%i" is not among the characters frozen hands to printf
  assert.throws(() => jsonAsprintf('%i', 1), /cut short/);
});

test("frozen's escaping of control bytes, which the firmware's msg lines inherit", () => {
  // Source: cesanta/frozen frozen.c, json_escape: bytes 0x08..0x0D get a backslash and
  // a letter from "btnvfr"; other non-printable single bytes get "\u00" and the digits
  // hex[(ch >> 4) % 0xf], hex[ch % 0xf]. (Checked against the compiled library, not in
  // this repo.) So 0x0B prints \v, which JSON does not have, and 0x1F prints \u0011.
  assert.equal(jsonAsprintf('%Q', 'A\x0bB'), '"A\\vB"');
  assert.throws(() => JSON.parse(jsonAsprintf('%Q', 'A\x0bB')), SyntaxError);
  assert.equal(jsonAsprintf('%Q', 'A\x1fB'), '"A\\u0011B"');
  assert.equal(jsonAsprintf('%Q', 'A\x0eB'), '"A\\u000eB"');
});
