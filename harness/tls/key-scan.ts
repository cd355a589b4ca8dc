/**
 * Finds key material in a folder (a run folder): PEM private keys, their base64 (as an
 * FS.Put frame would carry one), and pre-shared keys next to a `psk_key` name. Used by the
 * tests to hold the harness to "keys never land in a report".
 */
import fs from 'node:fs';
import path from 'node:path';

const PATTERNS: { what: string; re: RegExp }[] = [
  { what: 'a PEM private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  // "-----BEGIN " in base64 at each of the three alignments.
  { what: 'a base64-encoded PEM block', re: /LS0tLS1CRUdJTi|0tLS0tQkVHSU4g|tLS0tLUJFR0lO/ },
  { what: 'a pre-shared key', re: /psk_key\\?"\s*:\s*\\?"[0-9a-fA-F]{32,64}\\?"/ },
];

export interface KeyFinding {
  file: string;
  what: string;
}

export function findKeyMaterial(dir: string): KeyFinding[] {
  const out: KeyFinding[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = fs.readFileSync(file).toString('latin1');
    for (const p of PATTERNS) if (p.re.test(text)) out.push({ file: path.relative(dir, file), what: p.what });
  }
  return out;
}
