/**
 * tls.bad-files — while the ssl_* settings name a file the library cannot load (a
 * certificate or key file that does not parse, as the harness put it on the board), every
 * attempt stops before any socket: no TCP connection reaches a gate, and the board logs
 * the library's own error for the first file that fails (`Error: Invalid SSL cert`,
 * `Invalid SSL key`, `Invalid SSL CA cert`), then goes on with the schedule (judged by the
 * backoff checks). Above all it never falls back to a connection without that file.
 *
 * Needs: see `needs` at the end of this file.
 */
import type { BoardFileContent } from '../../contract/tls.ts';
import { setupError } from '../../model/tls.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'tls.bad-files';

/** The content of each file the harness put on the board by `t` (the last put of a name wins). */
function filesAt(obs: Observation, t: number): Map<string, BoardFileContent> {
  const files = new Map<string, BoardFileContent>();
  for (const a of obs.actionsOf('board-file')) if (a.t <= t) files.set(a.name, a.content);
  return files;
}

export function run(obs: Observation): Verdict {
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const expected: unknown[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  for (const [i, a] of obs.attempts.entries()) {
    if (a.serialSeq === undefined || a.server === 'unknown') continue;
    const want = setupError(obs.configAt(a.start)[a.server], filesAt(obs, a.start));
    if (!want) continue;
    judged++;
    const what = `attempt ${i + 1} to ${a.server} (${want.file} does not hold what ${want.error.replace('Invalid SSL ', 'its ')} needs)`;
    expected.push({ attempt: i + 1, error: `Error: ${want.error}`, tcp: false });
    observed.push({ attempt: i + 1, error: a.openError?.text ?? null, tcp: a.connection !== undefined });
    evidence.push(...a.evidence);
    if (a.connection) {
      const first = a.connection.packets[0];
      problems.push(`${what}: a TCP connection reached the ${a.connection.broker} gate${first ? ` (${describePacket(first)})` : ''}; the library opens no socket`);
    }
    if (!a.openError) problems.push(`${what}: no \`Error: ${want.error}\` line`);
    else if (a.openError.message !== want.error) problems.push(`${what}: logged \`${a.openError.text}\`, where the library says \`Error: ${want.error}\``);
    if (a.openError) evidence.push({ t: a.openError.t, what: a.openError.text });
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} attempt(s) with a TLS file the library cannot load stopped before any socket, with the library's error`,
    nothing: 'no attempt was made while the ssl_* settings named a file the harness had put on the board broken',
  }, { expected, observed, evidence, source: cite('impl.tls.load-files') });
}

export const tlsBadFiles: CheckDefinition = {
  id,
  needs:
    'a `board-file` action putting a broken file (content `garbage`) where ssl_cert, ssl_key or ' +
    'ssl_ca_cert point, the other files put whole, and attempts (`connecting to` lines) under those settings.',
  run,
};
