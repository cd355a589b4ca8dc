/**
 * Reads the firmware's json_printf-style calls out of its C source: for each call of
 * `hil_event`, `mg_rpc_send_responsef` or `json_printf`, the format (adjacent string
 * literals joined as C joins them; both branches of a `cond ? "…" : "…"`) and the C
 * expressions of the arguments after it. Only as much C as the firmware writes: a
 * format that is not a literal is reported, not guessed.
 */

/** Functions whose format follows frozen's json_printf rules, and where the format is among their arguments. */
export const JSON_FORMAT_FUNCTIONS = { hil_event: 0, mg_rpc_send_responsef: 1, json_printf: 1 } as const;
export type JsonFormatFunction = keyof typeof JSON_FORMAT_FUNCTIONS;

export interface FormatCall {
  fn: JsonFormatFunction;
  /** 1-based line of the call in the text it was read from. */
  line: number;
  /** The format's possible values (two for a conditional format). */
  formats: string[];
  /** The C expressions passed after the format, as written. */
  args: string[];
}

/** The value of one or more adjacent C string literals, or null if `expr` is something else. */
export function cStringValue(expr: string): string | null {
  const e = expr.trim();
  if (!/^(?:"(?:[^"\\\n]|\\.)*"\s*)+$/.test(e)) return null;
  return [...e.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => unescapeC(m[1]!)).join('');
}

function unescapeC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', a: '\x07' };
    return simple[e] ?? e;
  });
}

/** Splits a call's argument text at top-level commas, minding strings, chars and brackets. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = skipQuoted(text, i);
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || args.length > 0) args.push(last);
  return args;
}

function skipQuoted(text: string, at: number): number {
  const q = text[at];
  let i = at + 1;
  while (i < text.length && text[i] !== q) i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** The text between the `(` at `open` and its matching `)`. */
function parenthesised(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = skipQuoted(text, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced parentheses after offset ${open}`);
}

/** The possible values of a format argument: a literal, or a conditional between two literals. */
function formatValues(expr: string): string[] | null {
  const literal = cStringValue(expr);
  if (literal !== null) return [literal];
  const parts = /^[^?"]*\?\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+):\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)$/.exec(expr.trim());
  if (parts === null) return null;
  return [cStringValue(parts[1]!)!, cStringValue(parts[2]!)!];
}

/** Every call of a JSON-format function in `text` (declarations and definitions are skipped). */
export function formatCalls(text: string): FormatCall[] {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
  const calls: FormatCall[] = [];
  const names = Object.keys(JSON_FORMAT_FUNCTIONS).join('|');
  for (const m of noComments.matchAll(new RegExp(String.raw`\b(${names})\s*\(`, 'g'))) {
    const before = noComments.slice(0, m.index).trimEnd();
    if (/\b(?:void|int|bool|char)\s*\**$/.test(before)) continue; // a declaration or definition
    const fn = m[1] as JsonFormatFunction;
    const all = splitArgs(parenthesised(noComments, m.index + m[0].length - 1));
    const at = JSON_FORMAT_FUNCTIONS[fn];
    const line = noComments.slice(0, m.index).split('\n').length;
    const formats = formatValues(all[at] ?? '');
    if (formats === null) {
      throw new Error(`line ${line}: ${fn}'s format "${all[at]}" is not a string literal, so no test can check it`);
    }
    calls.push({ fn, line, formats, args: all.slice(at + 1) });
  }
  return calls;
}

/** One conversion of a json_printf format and the kinds of the arguments it reads. */
export interface Conversion {
  spec: string;
  /** The key it is the value of (`ev` in `{ev: %Q}`), if any. */
  key: string | undefined;
  reads: Array<'int' | 'int64' | 'size' | 'string' | 'bytes' | 'callback' | 'double'>;
}

/** The conversions of a json_printf format, in order, by frozen's rules. */
export function conversions(fmt: string): Conversion[] {
  const out: Conversion[] = [];
  for (const m of fmt.matchAll(/%(\.\*Q|ll[du]|zu|[QBMHV]|[sdfFeEgGlhuIcx.*\-0-9]*)/g)) {
    const spec = m[0];
    const key = /([A-Za-z_]\w*)\s*:\s*$/.exec(fmt.slice(0, m.index))?.[1];
    out.push({ spec, key, reads: readsOf(spec) });
  }
  return out;
}

function readsOf(spec: string): Conversion['reads'] {
  switch (spec) {
    case '%.*Q':
    case '%.*s':
      return ['int', 'string'];
    case '%Q':
      return ['string'];
    case '%lld':
    case '%llu':
      return ['int64'];
    case '%zu':
      return ['size'];
    case '%M':
      return ['callback'];
    case '%H':
      return ['int', 'bytes'];
    case '%V':
      return ['bytes', 'int'];
    case '%B':
      return ['int'];
    default:
      if (/[fg]$/.test(spec)) return ['double'];
      if (spec.endsWith('s')) return ['string'];
      return ['int'];
  }
}
