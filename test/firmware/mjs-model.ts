/**
 * A model of what mJS prints, for the JS side of the test firmware (firmware/fs/init.js).
 * Written from cesanta/mjs, in our own words:
 * - `JSON.stringify` (src/mjs_json.c, to_json_or_debug): an object's properties come out
 *   newest first (src/mjs_object.c adds each new property at the head of its list);
 *   properties whose value is undefined or a function are left out; a string escapes `"`
 *   and `\`, writes bytes 0x08–0x0d as \b \t \n \v \f \r (\v is not JSON), other bytes
 *   below 0x20 as \u00XX and every other byte as it is (UTF-8 stays raw).
 * - numbers (src/mjs_util.c, mjs_jprintf): an integral value as an integer, any other
 *   with printf's "%f" (six decimals).
 * - `print` (src/mjs_builtin.c, mjs_print): each argument followed by one space, then a
 *   newline; a string's bytes that are not printable ASCII come out as `\xNN`.
 * mJS holds strings as UTF-8 bytes; here they are JS strings, whose UTF-8 encoding is
 * those bytes (a character ≥ U+0080 is the bytes mJS copies raw).
 */

function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(6);
}

const SHORT_ESCAPES = 'btnvfr';

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x08 && code <= 0x0d) out += `\\${SHORT_ESCAPES[code - 0x08]}`;
    else if (code < 0x20) out += `\\u00${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function';
}

/** mJS's JSON.stringify. */
export function mjsStringify(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return `[${v.map((e) => (skipped(e) ? 'null' : mjsStringify(e))).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => !skipped(x)).reverse();
    return `{${entries.map(([k, x]) => `"${k}":${mjsStringify(x)}`).join(',')}}`;
  }
  throw new Error(`mjsStringify: ${typeof v} is not modelled`);
}

function printText(v: unknown): string {
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v !== 'string') throw new Error(`mjsPrint: ${typeof v} is not modelled`);
  let out = '';
  for (const byte of Buffer.from(v, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** mJS's print of these arguments: the text it writes, newline included. */
export function mjsPrint(args: readonly unknown[]): string {
  return `${args.map((a) => `${printText(a)} `).join('')}\n`;
}
