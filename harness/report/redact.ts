/**
 * Secrets never reach a log or a report: Wi-Fi and MQTT passwords, keys and PSKs are
 * replaced wherever they appear in a config-like tree.
 */
const SECRET_KEY = /(^|_)(pass|password|psk_key|ssl_key|key|secret|token)$/i;

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
