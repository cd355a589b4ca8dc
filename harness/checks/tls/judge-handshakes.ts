/**
 * The common judgement of tls.server-auth, tls.mutual and tls.psk: on the connections a
 * check is about, the board accepts exactly the servers the model says it must, and after
 * each handshake it must fail, the schedule goes on as after any failed attempt.
 */
import { cite, type SourceId } from '../../model/sources.ts';
import type { CheckId, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { summarizeGap } from '../observe/runs.ts';
import { judgeCounted } from '../verdict.ts';
import { gapsAfterRejections, handshakeProblems, type TlsConnection, tlsConnections } from './handshakes.ts';

export function judgeHandshakes(
  id: CheckId,
  obs: Observation,
  about: (c: TlsConnection) => boolean,
  what: string,
  baseSources: SourceId[],
): Verdict {
  const list = tlsConnections(obs).filter(about);
  const judged = list.filter((c) => c.did !== 'open');
  const problems = handshakeProblems(judged);
  const rejected = judged.filter((c) => c.did === 'rejected' && !c.expected.accept);
  const gaps = gapsAfterRejections(obs, rejected);
  for (const g of gaps) for (const p of g.problems) problems.push(`after a failed TLS handshake: ${p}`);
  const source = cite(...baseSources, ...judged.flatMap((c) => c.expected.source), ...(rejected.length > 0 ? (['impl.tls.handshake-failure-log', 'impl.backoff.rule'] as const) : []));
  return judgeCounted(
    id,
    judged.length,
    problems,
    {
      pass: (n) => `${n} TLS connection(s) with ${what} went as the library's rules say (${judged.filter((c) => c.did === 'accepted').length} accepted, ${rejected.length} refused${gaps.length > 0 ? `, ${gaps.length} gap(s) after a refusal on schedule` : ''})`,
      nothing: `no TLS handshake with ${what} came to an end in the slice`,
    },
    {
      expected: judged.map((c) => ({ conn: `${c.handshake.broker}#${c.handshake.conn}`, server: c.server, accept: c.expected.accept, why: c.expected.why })),
      observed: {
        connections: judged.map((c) => ({ conn: `${c.handshake.broker}#${c.handshake.conn}`, did: c.did, handshake: c.handshake.ok ? 'ok' : `failed by ${c.handshake.failedBy}` })),
        gapsAfterRefusal: gaps.map(summarizeGap),
      },
      evidence: [...judged.flatMap((c) => c.evidence), ...gaps.flatMap((g) => g.evidence)],
      source,
    },
  );
}
