/**
 * A model of frozen's `json_printf` (cesanta/frozen), the formatter behind the
 * firmware's `json_vasprintf` event lines and `mg_rpc_send_responsef` replies. Written
 * from frozen's README ("json_printf()": keys auto-quoted, %B %Q %.*Q %V %H %M) and the
 * behaviour of its json_vprintf, described here in our own words:
 *
 * - `: , [ ] { } "`, space, tab, CR and LF are copied as they are;
 * - a bare identifier (a letter or `_`, then letters, digits or `_`) is copied wrapped
 *   in double quotes, so a quote written around it in the format is doubled;
 * - `%Q` is a C string as a quoted, escaped JSON string, or `null` for NULL; `%.*Q`
 *   takes the byte length first; `%B` prints `true`/`false` from an int; `%M` calls a
 *   printer callback with the output and the argument list; `%lld`/`%llu` take an
 *   int64_t, `%zu` a size_t; `%H` takes a length and bytes and prints them as a quoted
 *   hex string; `%V` takes bytes and a length and prints quoted base64;
 * - any other `%…` takes the longest run of the characters `sdfFeEgGlhuIcx.*-0123456789`
 *   after the `%` and hands that to the C library's printf (so `%s` prints raw text);
 *   frozen then skips one argument by the run's last character ('f'/'g': a double,
 *   otherwise an int; `%.*s` exactly: an int and a pointer);
 * - every other character is copied.
 *
 * The board is an ESP32: int, long and pointers are 32 bits. Where frozen's argument
 * skipping disagrees with what printf read (`%e`, `%*d`, `%llx`, …), the arguments
 * after it are misread on the board; the model refuses such a format instead of
 * guessing. It also refuses an argument of the wrong kind, or a missing one: C would
 * read garbage there, and a test should say so.
 */

/** A `%M` printer: prints to `out`, may take further arguments from `ap`; returns bytes printed. */
export type JsonPrintfCallback = (out: JsonOut, ap: VaList) => number;

/**
 * One C argument, as the caller passes it: strings and byte arrays for `char *`
 * (null for NULL), numbers for int/size_t/double, bigint or number for int64_t,
 * booleans for bool (promoted to int), functions for `%M`.
 */
export type CArg = string | Uint8Array | null | number | bigint | boolean | JsonPrintfCallback;

/** The characters frozen copies unchanged without looking further. */
const COPIED = new Set([':', ',', ' ', '\r', '\n', '\t', '[', ']', '{', '}', '"']);
/** The characters frozen lets through to printf after a `%`. */
const PRINTF_RUN = new Set('sdfFeEgGlhuIcx.*-0123456789');

const utf8 = new TextEncoder();

function bytesOf(s: string | Uint8Array): Uint8Array {
  return typeof s === 'string' ? utf8.encode(s) : s;
}

/** The argument list of one call, read in order as va_arg reads it. */
export class VaList {
  readonly #args: readonly CArg[];
  #next = 0;

  constructor(args: readonly CArg[]) {
    this.#args = args;
  }

  /** Arguments not read yet. */
  get remaining(): number {
    return this.#args.length - this.#next;
  }

  /** The next argument; `what` names the conversion reading it, for the error. */
  arg(what: string): CArg {
    if (this.#next >= this.#args.length) {
      throw new Error(`json_printf: ${what} reads argument ${this.#next + 1}, but only ${this.#args.length} were passed`);
    }
    return this.#args[this.#next++]!;
  }

  int(what: string): number {
    const v = this.arg(what);
    const n = typeof v === 'boolean' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) {
      throw new Error(`json_printf: ${what} takes an int, got ${kindOf(v)}`);
    }
    return n;
  }

  int64(what: string): bigint {
    const v = this.arg(what);
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
    throw new Error(`json_printf: ${what} takes an int64_t, got ${kindOf(v)}`);
  }

  double(what: string): number {
    const v = this.arg(what);
    if (typeof v !== 'number') throw new Error(`json_printf: ${what} takes a double, got ${kindOf(v)}`);
    return v;
  }

  string(what: string): Uint8Array | null {
    const v = this.arg(what);
    if (v === null) return null;
    if (typeof v === 'string' || v instanceof Uint8Array) return bytesOf(v);
    throw new Error(`json_printf: ${what} takes a char *, got ${kindOf(v)}`);
  }

  callback(what: string): JsonPrintfCallback {
    const v = this.arg(what);
    if (typeof v !== 'function') throw new Error(`json_printf: ${what} takes a printer callback, got ${kindOf(v)}`);
    return v;
  }
}

function kindOf(v: CArg): string {
  if (v === null) return 'NULL';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  return `${typeof v} ${typeof v === 'function' ? '' : String(v)}`.trim();
}

/** An output buffer, as frozen's `json_out`: collects bytes, counts what was printed. */
export class JsonOut {
  #bytes: number[] = [];

  print(data: string | Uint8Array): number {
    const b = bytesOf(data);
    for (const x of b) this.#bytes.push(x);
    return b.length;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  /** The output decoded as UTF-8, as the harness reads the serial line. */
  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}

/** How many bytes a UTF-8 lead byte announces, as frozen counts them (no validation). */
function utf8Length(lead: number): number {
  if ((lead & 0x80) === 0) return 1;
  if ((lead & 0xf0) === 0xf0) return 4;
  if ((lead & 0xf0) === 0xe0) return 3;
  return 2;
}

const HEX = '0123456789abcdef';
/** Frozen's short escapes for the bytes 0x08..0x0D; note \v, which JSON does not have. */
const SHORT_ESCAPES = 'btnvfr';

/**
 * The body of a `%Q` string: `"` and `\` get a backslash, 0x08..0x0D a short escape,
 * printable ASCII is copied, other single bytes become `\u00XY` with frozen's digit
 * rule (X = (b >> 4) % 15, Y = b % 15: exact below 0x0F only), and a UTF-8 lead byte
 * is copied with the continuation bytes it announces, even past `len` (frozen reads
 * them from the string it was given; so does the model).
 */
export function escapeJsonString(all: Uint8Array, len: number): Uint8Array {
  const out: number[] = [];
  const push = (s: string): void => {
    for (const c of s) out.push(c.charCodeAt(0));
  };
  for (let i = 0; i < len; i++) {
    const b = all[i] ?? 0;
    if (b === 0x22 || b === 0x5c) {
      out.push(0x5c, b);
    } else if (b >= 0x08 && b <= 0x0d) {
      push(`\\${SHORT_ESCAPES[b - 0x08]}`);
    } else if (b >= 0x20 && b <= 0x7e) {
      out.push(b);
    } else if (utf8Length(b) === 1) {
      push(`\\u00${HEX[(b >> 4) % 15]}${HEX[b % 15]}`);
    } else {
      const n = utf8Length(b);
      for (let k = 0; k < n; k++) out.push(all[i + k] ?? 0);
      i += n - 1;
    }
  }
  return Uint8Array.from(out);
}

function quoted(body: Uint8Array | string): Uint8Array {
  const b = bytesOf(body);
  const r = new Uint8Array(b.length + 2);
  r[0] = 0x22;
  r.set(b, 1);
  r[b.length + 1] = 0x22;
  return r;
}

/** Prints `fmt` with the arguments from `ap` to `out` by frozen's rules; returns the bytes printed. */
export function jsonVprintf(out: JsonOut, fmt: string, ap: VaList): number {
  let n = 0;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (COPIED.has(c)) {
      n += out.print(c);
      i++;
    } else if (c === '%') {
      const used = conversion(out, fmt, i, ap);
      n += used.printed;
      i += used.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(fmt.slice(i))!;
      n += out.print(`"${m[0]}"`);
      i += m[0].length;
    } else {
      n += out.print(c);
      i++;
    }
  }
  return n;
}

/** One `%…` at `fmt[at]`: what it printed and how many format characters it used. */
function conversion(out: JsonOut, fmt: string, at: number, ap: VaList): { printed: number; length: number } {
  const rest = fmt.slice(at + 1);
  if (rest.startsWith('lld') || rest.startsWith('llu')) {
    const v = ap.int64(`%${rest.slice(0, 3)}`);
    const text = rest[2] === 'u' ? BigInt.asUintN(64, v).toString() : BigInt.asIntN(64, v).toString();
    return { printed: out.print(text), length: 4 };
  }
  if (rest.startsWith('zu')) {
    const v = ap.arg('%zu');
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
      throw new Error(`json_printf: %zu takes a size_t, got ${kindOf(v)}`);
    }
    return { printed: out.print(String(v)), length: 3 };
  }
  switch (rest[0]) {
    case 'M':
      return { printed: ap.callback('%M')(out, ap), length: 2 };
    case 'B':
      return { printed: out.print(ap.int('%B') !== 0 ? 'true' : 'false'), length: 2 };
    case 'H': {
      const len = ap.int('%H length');
      const p = notNull(ap.string('%H bytes'), '%H');
      const hex = [...p.subarray(0, len)].map((b) => HEX[b >> 4]! + HEX[b & 15]!).join('');
      return { printed: out.print(quoted(hex)), length: 2 };
    }
    case 'V': {
      const p = notNull(ap.string('%V bytes'), '%V');
      const len = ap.int('%V length');
      return { printed: out.print(quoted(Buffer.from(p.subarray(0, len)).toString('base64'))), length: 2 };
    }
    case 'Q':
      return { printed: printQ(out, ap, null), length: 2 };
    default:
      break;
  }
  if (rest.startsWith('.*Q')) return { printed: printQ(out, ap, ap.int('%.*Q length')), length: 4 };
  let run = 0;
  while (run < rest.length && PRINTF_RUN.has(rest[run]!)) run++;
  const spec = `%${rest.slice(0, run)}`;
  return { printed: out.print(cPrintf(spec, ap)), length: run + 1 };
}

function notNull(p: Uint8Array | null, what: string): Uint8Array {
  if (p === null) throw new Error(`json_printf: ${what} got NULL, which frozen dereferences`);
  return p;
}

/** strlen: a C string ends at its first NUL. */
function cStringLength(p: Uint8Array): number {
  const end = p.indexOf(0);
  return end < 0 ? p.length : end;
}

function printQ(out: JsonOut, ap: VaList, len: number | null): number {
  const what = len === null ? '%Q' : '%.*Q';
  const p = ap.string(what);
  if (p === null) return out.print('null');
  if (len !== null && len < 0) throw new Error(`json_printf: %.*Q length ${len} is negative`);
  return out.print(quoted(escapeJsonString(p, len ?? cStringLength(p))));
}

/** What frozen skips after handing `spec` to printf: by its last character. */
function frozenSkips(spec: string): 'word' | 'double' | 'word+word' {
  if (spec === '%.*s') return 'word+word';
  const last = spec[spec.length - 1];
  return last === 'f' || last === 'g' ? 'double' : 'word';
}

/**
 * The C library's printf for one conversion frozen hands it (the run may carry plain
 * characters after the conversion: `%d5` prints the number, then `5`). Checks that
 * frozen's skipping matches what printf read.
 */
function cPrintf(spec: string, ap: VaList): string {
  const m = /^%([-0]*)(\d*|\*)(?:\.(\d*|\*))?(hh|h|ll|l)?([sdfFeEgGucx])(.*)$/s.exec(spec);
  if (spec === '%') {
    throw new Error(
      'json_printf: a "%" that frozen hands to printf alone: it passes on only the characters ' +
        `${[...PRINTF_RUN].join('')} after a %, so "%%", "%i", "%p", "%X", "% d" and "%+d" are cut short on the board`,
    );
  }
  if (m === null) throw new Error(`json_printf: "${spec}" is not a conversion the model knows`);
  const [, flags = '', width = '', precision, length = '', conv = '', tail = ''] = m;
  const reads: string[] = [];
  if (width === '*') reads.push('word');
  if (precision === '*') reads.push('word');
  const isFloat = 'fFeEgG'.includes(conv);
  reads.push(isFloat ? 'double' : length === 'll' ? 'int64' : 'word');
  const skipped = frozenSkips(spec);
  const wanted = skipped === 'word+word' ? 'word,word' : skipped;
  if (reads.join(',') !== wanted) {
    throw new Error(
      `json_printf: after "${spec}" printf reads ${reads.join(' + ')} but frozen skips ${wanted.replace(',', ' + ')}: ` +
        'every argument after it is misread on the board. Use %lld/%llu for int64_t and %f or %g for doubles',
    );
  }
  const w = width === '*' ? ap.int(`${spec} width`) : width === '' ? 0 : Number(width);
  const p = precision === '*' ? ap.int(`${spec} precision`) : precision === undefined ? null : Number(precision || '0');
  const body = convert(conv, length, p, ap, spec);
  const left = flags.includes('-') || w < 0;
  const padTo = Math.abs(w);
  let text = body;
  if (text.length < padTo) {
    const zero = flags.includes('0') && !left && conv !== 's' && conv !== 'c' && !(p !== null && 'dux'.includes(conv));
    if (left) text = text.padEnd(padTo, ' ');
    else if (zero) {
      const sign = /^[-+]/.test(text) ? text[0]! : '';
      text = sign + text.slice(sign.length).padStart(padTo - sign.length, '0');
    } else text = text.padStart(padTo, ' ');
  }
  return text + tail;
}

function convert(conv: string, length: string, precision: number | null, ap: VaList, spec: string): string {
  switch (conv) {
    case 's': {
      const p = ap.string(spec);
      if (p === null) return '(null)'; // newlib's and glibc's text for a NULL %s
      const b = p.subarray(0, Math.min(cStringLength(p), precision ?? p.length));
      return new TextDecoder().decode(b);
    }
    case 'c':
      return String.fromCharCode(ap.int(spec) & 0xff);
    case 'd':
    case 'u':
    case 'x': {
      let v = BigInt(ap.int(spec));
      const bits = length === 'hh' ? 8 : length === 'h' ? 16 : 32;
      v = conv === 'd' ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
      let digits = (v < 0n ? -v : v).toString(conv === 'x' ? 16 : 10);
      if (precision !== null) digits = precision === 0 && v === 0n ? '' : digits.padStart(precision, '0');
      return (v < 0n ? '-' : '') + digits;
    }
    case 'f':
    case 'g':
      return formatDouble(conv, ap.double(spec), precision ?? 6);
    default:
      throw new Error(`json_printf: "${spec}" is not modelled`);
  }
}

/** `v` exactly as m * 2^e (m, e integers), so that rounding can be exact, as in C. */
function exact(v: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return exp === 0 ? { m: frac, e: -1074 } : { m: frac | (1n << 52n), e: exp - 1075 };
}

/** round(|v| * 10^scale), half to even, exactly (printf's rounding on glibc and newlib). */
function scaledInteger(v: number, scale: number): bigint {
  const { m, e } = exact(v);
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  const q = num / den;
  const r2 = (num % den) * 2n;
  return r2 > den || (r2 === den && q % 2n === 1n) ? q + 1n : q;
}

function fixed(v: number, precision: number): string {
  const digits = scaledInteger(v, precision).toString().padStart(precision + 1, '0');
  const int = digits.slice(0, digits.length - precision);
  return precision === 0 ? int : `${int}.${digits.slice(digits.length - precision)}`;
}

function formatDouble(conv: 'f' | 'g' | string, v: number, precision: number): string {
  if (Number.isNaN(v)) return 'nan';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (!Number.isFinite(v)) return `${sign}inf`;
  if (conv === 'f') return sign + fixed(v, precision);
  // %g: P significant digits; the exponent X of the rounded value picks %e or %f style.
  const P = precision === 0 ? 1 : precision;
  let X = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  let digits = v === 0 ? 0n : scaledInteger(v, P - 1 - X);
  if (digits >= 10n ** BigInt(P)) {
    X += 1;
    digits = scaledInteger(v, P - 1 - X);
  } else if (v !== 0 && digits < 10n ** BigInt(P - 1)) {
    X -= 1;
    digits = scaledInteger(v, P - 1 - X);
  }
  const trim = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (X >= -4 && X < P) return sign + trim(fixed(v, P - 1 - X));
  const d = digits.toString();
  const mantissa = trim(d.length > 1 ? `${d[0]}.${d.slice(1)}` : d);
  return `${sign}${mantissa}e${X < 0 ? '-' : '+'}${String(Math.abs(X)).padStart(2, '0')}`;
}

/** json_printf: prints to `out`, returns the bytes printed. */
export function jsonPrintf(out: JsonOut, fmt: string, ...args: CArg[]): number {
  return jsonVprintf(out, fmt, new VaList(args));
}

/**
 * json_asprintf, strict about arguments: the text printed, or an error if the
 * arguments do not fit the format (too few, of the wrong kind, or some left unread).
 */
export function jsonAsprintf(fmt: string, ...args: CArg[]): string {
  const out = new JsonOut();
  const ap = new VaList(args);
  jsonVprintf(out, fmt, ap);
  if (ap.remaining > 0) {
    throw new Error(`json_printf: "${fmt}" reads ${args.length - ap.remaining} arguments, but ${args.length} were passed`);
  }
  return out.text();
}
