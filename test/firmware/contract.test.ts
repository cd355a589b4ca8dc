/**
 * The firmware speaks the contract in harness/contract/hil.ts: read from firmware/src,
 * the RPC methods it registers, the keys of their params, the JSON their replies print
 * and every `HIL {json}` event line it can print are checked against the same zod
 * schemas the harness and the virtual board use.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as z from 'zod';
import { type HilMethod, hilEvent, hilMethodNames, hilMethods } from '../../harness/contract/hil.ts';

const srcDir = new URL('../../firmware/src/', import.meta.url).pathname;
const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(join(srcDir, f), 'utf8') }));
const cFiles = sources.filter((s) => s.file.endsWith('.c'));
const allC = cFiles.map((s) => s.text).join('\n');

/** One or more adjacent C string literals, as C concatenates them. */
const C_STRINGS = String.raw`((?:"(?:[^"\\\n]|\\.)*"\s*)+)`;

function cString(literals: string): string {
  return [...literals.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string).join('');
}

/** `#define NAME "…"` in the sources. */
const defines = new Map(
  [...sources.map((s) => s.text).join('\n').matchAll(new RegExp(String.raw`#define\s+(\w+)\s+${C_STRINGS}`, 'g'))].map(
    (m) => [m[1]!, cString(m[2]!)],
  ),
);

interface Registration {
  method: string;
  argsFmt: string | null;
  handler: string;
}

const registrations: Registration[] = [
  ...allC.matchAll(/mg_rpc_add_handler\(\s*\w+\s*,\s*"([^"]+)"\s*,\s*(NULL|\w+|"(?:[^"\\]|\\.)*")\s*,\s*(\w+)/g),
].map((m) => {
  const fmt = m[2]!;
  let argsFmt: string | null = null;
  if (fmt.startsWith('"')) argsFmt = cString(fmt);
  else if (fmt !== 'NULL') {
    argsFmt = defines.get(fmt) ?? null;
    assert.ok(argsFmt !== null, `${m[1]}: args format ${fmt} is not a #define of a string in firmware/src`);
  }
  return { method: m[1]!, argsFmt, handler: m[3]! };
});

/** The body of `static void name(…) {…}` (functions close with `}` at column 0). */
function functionBody(name: string): string {
  const start = allC.search(new RegExp(String.raw`\n(?:static\s+)?\w[\w\s*]*\b${name}\(`));
  assert.ok(start >= 0, `handler ${name} not found in firmware/src`);
  const end = allC.indexOf('\n}\n', start);
  return allC.slice(start, end);
}

/**
 * A frozen json_printf format with every conversion replaced by a sample value, so that
 * the JSON it prints can be validated. "mqtt" is the string sample because it is also a
 * valid `cfg`; `%M` only prints the subscriptions array.
 */
function sampleJson(fmt: string): unknown {
  const text = fmt
    .replace(/%\.\*Q|%Q/g, '"mqtt"')
    .replace(/%(?:lld|llu|zu|d|u)/g, '1')
    .replace(/%B/g, 'true')
    .replace(/%M/g, '[]')
    .replace(/([{,]\s*)([A-Za-z_]\w*)\s*:/g, '$1"$2":');
  assert.ok(!text.includes('%'), `unknown conversion in ${fmt}`);
  try {
    return JSON.parse(text);
  } catch (err) {
    assert.fail(`format ${fmt} does not print JSON (${(err as Error).message}): ${text}`);
  }
}

test('the firmware registers exactly the HIL.* methods of the contract', () => {
  const registered = registrations.map((r) => r.method).sort();
  assert.deepEqual(registered, [...hilMethodNames].sort());
});

test('each method reads only params the contract names, and every required one', () => {
  for (const r of registrations) {
    const shape = hilMethods[r.method as HilMethod].params.shape as Record<string, z.ZodType>;
    const read = r.argsFmt === null ? [] : [...r.argsFmt.matchAll(/(\w+)\s*:/g)].map((m) => m[1]!);
    for (const key of read) {
      assert.ok(key in shape, `${r.method} reads param "${key}", which the contract does not have`);
    }
    const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
    for (const key of required) {
      assert.ok(read.includes(key), `${r.method} does not read its required param "${key}"`);
    }
  }
});

test("each method's replies are results the contract accepts", () => {
  for (const r of registrations) {
    const body = functionBody(r.handler);
    const formats = [...body.matchAll(new RegExp(String.raw`mg_rpc_send_responsef\(\s*\w+\s*,\s*${C_STRINGS}`, 'g'))].map((m) =>
      cString(m[1]!),
    );
    assert.ok(formats.length > 0, `${r.method}: ${r.handler} sends no mg_rpc_send_responsef reply`);
    for (const fmt of formats) {
      const result = hilMethods[r.method as HilMethod].result.safeParse(sampleJson(fmt));
      assert.ok(result.success, `${r.method} replies ${fmt}, which the contract rejects: ${result.error?.message}`);
    }
  }
});

const contractEvents = new Set<string>(hilEvent.options.flatMap((o) => [...o.shape.ev.values] as string[]));

test('every event name in the C sources is one the contract knows', () => {
  const printed = [...allC.matchAll(/\\"ev\\":\s*\\"(\w+)\\"/g)].map((m) => m[1]!);
  assert.ok(printed.length > 0, 'no "ev":"…" found in firmware/src');
  for (const ev of printed) assert.ok(contractEvents.has(ev), `the firmware prints event "${ev}", unknown to the contract`);
});

test('every event line the firmware prints is a valid contract event', () => {
  const formats = [...allC.matchAll(new RegExp(String.raw`\bhil_event\(\s*${C_STRINGS}`, 'g'))].map((m) => cString(m[1]!));
  assert.ok(formats.length > 0, 'no hil_event(…) calls found in firmware/src');
  for (const fmt of formats) {
    const result = hilEvent.safeParse(sampleJson(fmt));
    assert.ok(result.success, `event format ${fmt} does not match the contract: ${result.error?.message}`);
  }
});

test('the firmware prints the events the harness relies on', () => {
  const printed = new Set([...allC.matchAll(/\\"ev\\":\s*\\"(\w+)\\"/g)].map((m) => m[1]!));
  for (const ev of ['boot', 'connack', 'close', 'puback', 'pubrec', 'pubcomp', 'unsuback', 'msg']) {
    assert.ok(printed.has(ev), `the firmware never prints a "${ev}" event`);
  }
});
