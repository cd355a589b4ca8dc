/**
 * tls.mutual — a broker that requires a client certificate refuses a board configured
 * without ssl_cert/ssl_key and accepts one configured with them (the gate records the
 * certificate's subject); after a refusal the schedule goes on.
 *
 * Needs: see `needs` at the end of this file.
 */
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeHandshakes } from './judge-handshakes.ts';

const id = 'tls.mutual';

export function run(obs: Observation): Verdict {
  const verdict = judgeHandshakes(id, obs, (c) => c.server.clientCert === 'required', 'a required client certificate', ['doc.tls.mutual', 'impl.tls.client-cert']);
  return verdict;
}

export const tlsMutual: CheckDefinition = {
  id,
  needs: 'TLS attempts on a gate that requires a client certificate, by a board with and/or without ssl_cert/ssl_key',
  run,
};
