/**
 * Runs one firmware format call through the json_printf model with representative
 * arguments and judges what it prints: JSON that a zod schema of the contract accepts.
 * The arguments come from the call itself where the C source gives them as literals
 * (the event name in `hil_event("{ev: %Q, …}", "boot", …)`), and from samples chosen by
 * key and conversion otherwise: strings with quotes, a backslash and non-ASCII text, so
 * that escaping is exercised too.
 */
import type * as z from 'zod';
import { type CArg, type JsonPrintfCallback, jsonAsprintf } from './json-printf.ts';
import { cStringValue, conversions, type FormatCall } from './c-calls.ts';

/** Sample strings by key; `cfg` must be a config name, the rest only strings. */
const STRING_SAMPLES: Record<string, string> = {
  cfg: 'mqtt1',
  server: '192.168.4.2:1883',
  fw_id: 'mgos-hil "lab" 1.0',
  topic: 'hil/t "q" \\ é',
  msg: 'payload "x" \\ é\n',
  name: 'connecting',
  /** HIL.Pubf's case names are a closed set (harness/contract/hil.ts PUBF_CASES). */
  case: 'escapes',
  /** HIL.RawSub's subscription, as the raw handler prints it with each event. */
  filter: 'hil/raw "f" \\ é',
};
const DEFAULT_STRING = 'sample "s" \\';

/** Sample ints by key, each one a value the firmware can print there. */
const INT_SAMPLES: Record<string, number> = {
  qos: 1,
  code: 0,
  packet_id: 42,
  len: 11,
  max_qos: 2,
  max_qos_override: -1,
  queue_len: 3,
  reconnect_timeout_ms: 2000,
  count: 65535,
  epoch: 1780000000,
  before: 1,
  after: 1780000000,
  first: 4,
  last: 3,
  zeros: 0,
  wraps: 1,
  mgos_ev: 1297044230,
  mg_ev: 203,
  type: 0,
};

export interface SampleOptions {
  /** Printers for the `%M` arguments, by the C name the call passes. */
  printers: Record<string, JsonPrintfCallback>;
  /** The value of every `%B` (the check runs both). */
  bool: boolean;
}

/** Representative C arguments for `fmt` as `call` passes them. */
export function sampleArgs(call: FormatCall, fmt: string, options: SampleOptions): CArg[] {
  const args: CArg[] = [];
  let slot = 0;
  const next = (): string => {
    const expr = call.args[slot++];
    if (expr === undefined) throw new Error(`line ${call.line}: "${fmt}" reads more arguments than the call passes`);
    return expr;
  };
  for (const c of conversions(fmt)) {
    const key = c.key ?? '';
    if (c.spec === '%.*Q' || c.spec === '%.*s') {
      next();
      const s = literalOr(next(), STRING_SAMPLES[key] ?? DEFAULT_STRING);
      args.push(s === null ? 0 : Buffer.byteLength(s), s);
      continue;
    }
    for (const kind of c.reads) {
      const expr = next();
      if (kind === 'string' || kind === 'bytes') args.push(literalOr(expr, STRING_SAMPLES[key] ?? DEFAULT_STRING));
      else if (kind === 'int64') args.push(250n);
      else if (kind === 'size') args.push(17);
      else if (kind === 'double') args.push(1.5);
      else if (kind === 'callback') {
        const printer = options.printers[expr];
        if (printer === undefined) throw new Error(`line ${call.line}: no model of the %M printer ${expr}`);
        args.push(printer);
      } else if (c.spec === '%B') args.push(options.bool ? 1 : 0);
      else args.push(INT_SAMPLES[key] ?? 1);
    }
  }
  if (slot !== call.args.length) {
    throw new Error(`line ${call.line}: "${fmt}" reads ${slot} arguments, but the call passes ${call.args.length}`);
  }
  return args;
}

/** A C literal argument keeps its value (NULL is null); anything else gets the sample. */
function literalOr(expr: string, sample: string): string | null {
  if (expr.trim() === 'NULL') return null;
  return cStringValue(expr) ?? sample;
}

/**
 * What the board prints for `fmt` with `args`, parsed and validated by `schema`;
 * throws an error that quotes the printed text when it is not JSON or not accepted.
 */
export function checkPrinted(fmt: string, args: CArg[], schema: z.ZodType): unknown {
  const printed = jsonAsprintf(fmt, ...args);
  let json: unknown;
  try {
    json = JSON.parse(printed);
  } catch (err) {
    throw new Error(`"${fmt}" prints ${printed}, which is not JSON (${(err as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`"${fmt}" prints ${printed}, which the contract rejects: ${result.error.message}`);
  return result.data;
}

/**
 * The format as someone writing printf would have written it: every key in quotes,
 * constant string values pasted in, their arguments dropped. Used to prove that the
 * check rejects that style.
 */
export function printfStyle(call: FormatCall, fmt: string): { fmt: string; args: string[] } {
  let text = '';
  let from = 0;
  let slot = 0;
  const args: string[] = [];
  const convs = conversions(fmt);
  let at = 0;
  for (const c of convs) {
    const index = fmt.indexOf(c.spec, at);
    at = index + c.spec.length;
    const literal = c.spec === '%Q' ? cStringValue(call.args[slot] ?? '') : null;
    const n = c.spec === '%.*Q' || c.spec === '%.*s' || c.spec === '%H' || c.spec === '%V' ? 2 : 1;
    text += fmt.slice(from, index) + (literal !== null ? JSON.stringify(literal) : c.spec);
    if (literal === null) args.push(...call.args.slice(slot, slot + n));
    slot += n;
    from = at;
  }
  text += fmt.slice(from);
  return { fmt: text.replace(/([A-Za-z_]\w*)\s*:\s*/g, '"$1":').replace(/,\s+/g, ','), args: [...args, ...call.args.slice(slot)] };
}
