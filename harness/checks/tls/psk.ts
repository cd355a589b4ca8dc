/**
 * tls.psk — a PSK-only broker accepts a board with ssl_psk_identity, a 32/64-hex
 * ssl_psk_key and a PSK suite in ssl_cipher_suites (the gate records the identity), and
 * refuses one without a usable PSK; after a refusal the schedule goes on.
 *
 * Needs: see `needs` at the end of this file.
 */
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeHandshakes } from './judge-handshakes.ts';

const id = 'tls.psk';

export function run(obs: Observation): Verdict {
  return judgeHandshakes(id, obs, (c) => c.server.psk === 'only', 'a PSK-only broker', ['doc.tls.psk', 'impl.tls.psk']);
}

export const tlsPsk: CheckDefinition = {
  id,
  needs: 'TLS attempts on a PSK-only gate',
  run,
};
