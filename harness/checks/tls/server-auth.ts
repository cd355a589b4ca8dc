/**
 * tls.server-auth — with ssl_ca_cert set the board connects to a server whose certificate
 * its CA issued, and fails the handshake with one from an unrelated CA, an expired one, or
 * (for a DNS server name) one for another name; the schedule then goes on as after any
 * failed attempt. Without ssl_ca_cert nothing is verified.
 *
 * Needs: see `needs` at the end of this file.
 */
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeHandshakes } from './judge-handshakes.ts';

const id = 'tls.server-auth';

export function run(obs: Observation): Verdict {
  return judgeHandshakes(id, obs, (c) => c.server.psk !== 'only' && c.server.clientCert === 'none', 'server authentication', ['doc.tls.ca-cert', 'impl.tls.verify']);
}

export const tlsServerAuth: CheckDefinition = {
  id,
  needs: 'TLS attempts on a gate presenting a labelled server certificate (trusted, unrelated CA, expired, wrong name) without asking a client certificate or PSK; for a refusal, ≥ 2 attempts so the gap after it is timed',
  run,
};
