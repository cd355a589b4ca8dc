/**
 * frozen's json_printf as far as the test firmware's HIL.Pubf cases use it, so that the
 * virtual board publishes the bytes a board's mgos_mqtt_pubf publishes. The rules,
 * described in our own words from cesanta/frozen (README.md "json_printf()", frozen.c
 * json_vprintf and json_escape):
 *
 * - `: , [ ] { } "`, space, tab, CR and LF are copied one for one (nothing is added or
 *   taken away: `{a:%d}` stays without a space);
 * - a bare identifier (a letter or `_`, then letters, digits or `_`) is printed wrapped in
 *   double quotes — unless `quoteIdentifiers` is false, which is what a formatter written
 *   as C's printf does (the `pubf-as-printf` personality);
 * - `%Q` prints a string quoted and escaped, or `null` for NULL; `%.*Q` takes the length
 *   first; `%B` prints `true` for any non-zero int, `false` for 0; `%d` prints an int;
 * - every other character is copied. Any other conversion is refused: the cases use none.
 *
 * test/virtual/frozen-json-printf.test.ts pins it with frozen's README and unit-test
 * strings and with harness/model/pubf-cases.ts.
 */

/** One C argument: an int, a C string, or NULL. */
export type JsonPrintfArg = number | string | null;

export interface JsonPrintfOptions {
  /** frozen quotes bare identifiers (true); C's printf would copy them (false). */
  quoteIdentifiers: boolean;
}

const COPIED = new Set([':', ',', ' ', '\r', '\n', '\t', '[', ']', '{', '}', '"']);
const HEX = '0123456789abcdef';
/** json_escape's short escapes for the bytes 0x08…0x0D. */
const SHORT = 'btnvfr';

/** How many bytes frozen copies for a byte ≥ 0x80 (json_get_utf8_char_len: no validation, so never 1). */
function utf8Length(lead: number): number {
  if ((lead & 0x80) === 0) return 1;
  if ((lead & 0xf0) === 0xf0) return 4;
  if ((lead & 0xf0) === 0xe0) return 3;
  return 2;
}

/** The body of a `%Q` string for the first `len` bytes of `s`. */
export function jsonEscape(s: Buffer, len: number): Buffer {
  const out: number[] = [];
  const ascii = (text: string) => {
    for (const c of text) out.push(c.charCodeAt(0));
  };
  for (let i = 0; i < len && i < s.length; i++) {
    const b = s[i]!;
    if (b === 0x22 || b === 0x5c) out.push(0x5c, b);
    else if (b >= 0x08 && b <= 0x0d) ascii(`\\${SHORT[b - 0x08]}`);
    else if (b >= 0x20 && b <= 0x7e) out.push(b);
    else if (utf8Length(b) === 1) ascii(`\\u00${HEX[(b >> 4) % 15]}${HEX[b % 15]}`); // frozen's digits: % 0xf, not & 0xf
    else {
      const n = utf8Length(b);
      for (let k = 0; k < n && i + k < s.length; k++) out.push(s[i + k]!);
      i += n - 1;
    }
  }
  return Buffer.from(out);
}

/** json_asprintf of `format` with `args`, as frozen prints it (or as printf would, with quoteIdentifiers false). */
export function jsonPrintf(format: string, args: readonly JsonPrintfArg[], options: JsonPrintfOptions = { quoteIdentifiers: true }): Buffer {
  const out: Buffer[] = [];
  let next = 0;
  const arg = (what: string): JsonPrintfArg => {
    if (next >= args.length) throw new Error(`json_printf "${format}": ${what} has no argument`);
    return args[next++]!;
  };
  const int = (what: string): number => {
    const v = arg(what);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`json_printf "${format}": ${what} takes an int, got ${JSON.stringify(v)}`);
    return v;
  };
  const str = (what: string): string | null => {
    const v = arg(what);
    if (v !== null && typeof v !== 'string') throw new Error(`json_printf "${format}": ${what} takes a char *, got ${v}`);
    return v;
  };
  const quoted = (s: string | null, len?: number): string | Buffer => {
    if (s === null) return 'null';
    const bytes = Buffer.from(s, 'utf8');
    return Buffer.concat([Buffer.from('"'), jsonEscape(bytes, len ?? bytes.length), Buffer.from('"')]);
  };
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (COPIED.has(c)) {
      out.push(Buffer.from(c));
      i++;
      continue;
    }
    if (c === '%') {
      const rest = format.slice(i + 1);
      if (rest.startsWith('d')) out.push(Buffer.from(String(int('%d') | 0)));
      else if (rest.startsWith('B')) out.push(Buffer.from(int('%B') !== 0 ? 'true' : 'false'));
      else if (rest.startsWith('Q')) out.push(Buffer.from(quoted(str('%Q'))));
      else if (rest.startsWith('.*Q')) {
        const len = int('%.*Q length');
        out.push(Buffer.from(quoted(str('%.*Q'), len)));
        i += 2;
      } else throw new Error(`json_printf "${format}": %${rest.slice(0, 3)}… is not a conversion this model knows`);
      i += 2;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(format.slice(i));
    if (ident !== null) {
      out.push(Buffer.from(options.quoteIdentifiers ? `"${ident[0]}"` : ident[0]));
      i += ident[0].length;
      continue;
    }
    out.push(Buffer.from(c, 'utf8'));
    i++;
  }
  if (next !== args.length) throw new Error(`json_printf "${format}": ${args.length} arguments passed, ${next} read`);
  return Buffer.concat(out);
}
