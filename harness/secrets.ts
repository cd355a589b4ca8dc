/**
 * Secrets never reach a log or a report: Wi-Fi and MQTT passwords, keys and PSKs are
 * replaced wherever they appear — in config-like trees written to reports, and in serial
 * text (a Config.Get reply carries `"pass": "…"`) written to logs and the timeline.
 *
 * A field is secret by its name's last word, snake_case or camelCase: `pass`, `password`,
 * `key` (`ssl_key`, `ssl_psk_key`, a lab's `serverKey`), `secret`, `token`, and `keyPem`
 * (a TLS private key in PEM). `pass_x` or `ssl_psk_identity` are not secrets.
 */
const SECRET_LAST_WORD = new Set(['pass', 'password', 'passwd', 'key', 'secret', 'token']);

export function isSecretKey(name: string): boolean {
  const words = name.split(/_|-|(?<=[a-z0-9])(?=[A-Z])/).map((w) => w.toLowerCase()).filter(Boolean);
  const last = words.at(-1);
  if (last === undefined) return false;
  return SECRET_LAST_WORD.has(last) || (last === 'pem' && words.at(-2) === 'key');
}

const JSON_STRING_FIELD = /"([A-Za-z0-9_-]+)"(\s*:\s*)"(?:[^"\\]|\\.)+"/g;

export const REDACTED = '***';

export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redact(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && typeof v === 'string' && v !== '' ? REDACTED : redact(v);
  }
  return out as T;
}

/** Replaces the values of secret-named JSON string fields in a line of text. */
export function redactText(text: string): string {
  if (!text.includes('"')) return text;
  return text.replace(JSON_STRING_FIELD, (whole, name: string, colon: string) => (isSecretKey(name) ? `"${name}"${colon}"${REDACTED}"` : whole));
}
