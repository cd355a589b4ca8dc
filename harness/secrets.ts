/**
 * Secrets never reach a log or a report: Wi-Fi and MQTT passwords, keys and PSKs are
 * replaced wherever they appear — in config-like trees written to reports, and in serial
 * text (a Config.Get reply carries `"pass": "…"`) written to logs and the timeline.
 */
const SECRET_KEY = /(^|_)(pass|password|psk_key|ssl_key|key|secret|token)$/i;
const SECRET_IN_TEXT = /"((?:[A-Za-z0-9]+_)*(?:pass|password|psk_key|ssl_key|key|secret|token))"(\s*:\s*)"(?:[^"\\]|\\.)+"/gi;

export const REDACTED = '***';

export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redact(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && typeof v === 'string' && v !== '' ? REDACTED : redact(v);
  }
  return out as T;
}

/** Replaces the values of secret-named JSON string fields in a line of text. */
export function redactText(text: string): string {
  return text.includes('"') ? text.replace(SECRET_IN_TEXT, `"$1"$2"${REDACTED}"`) : text;
}
