/**
 * tls.failure-log — what the board logs for a TLS handshake that failed, judged against
 * how the gate saw it fail (its `tls.handshake` event), as Mongoose's `mg_ssl_if_mbed_err`
 * and the MQTT library print it (sources.ts, impl.tls.handshake-failure-log):
 * - the board rejected the broker's certificate: mbedTLS's -0x2700
 *   (MBEDTLS_ERR_X509_CERT_VERIFY_FAILED), then `MQTT0 TCP connected error (-3)`
 *   (MG_SSL_ERROR). mbedTLS verifies in the middle of the handshake and alerts (the gate
 *   records it failed by the device); a client that verifies once the handshake is done,
 *   as Node's does (the virtual board), completes it at the gate and closes before any
 *   MQTT byte: the gate's view of both is a rejection by the device;
 * - the broker refused the board with an alert (no client certificate, no shared PSK):
 *   -0x7780 (MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE), then `(-3)`;
 * - the broker closed in the middle of the handshake without an alert: no connect line at
 *   all (the handshake closes the connection without a connect event);
 * and never `TCP connected ok` for a handshake that failed. A lab engineer reads these
 * lines to tell a bad CA from a refused client certificate; a board that logs the wrong
 * one sends them the wrong way.
 *
 * An attempt's lines are those from its `connecting to` to the next attempt's, in serial
 * order; the last attempt of the input may have its lines cut off, so there only what is
 * there is judged (a wrong code, a wrong status), not what is missing.
 *
 * Needs: see `needs` at the end of this file.
 */
import { libraryLog, mbedtlsCodeOf } from '../../contract/library-log.ts';
import { cite } from '../../model/sources.ts';
import type { EventOf } from '../../timeline/events.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'tls.failure-log';
const source = cite('impl.tls.handshake-failure-log');

/** MBEDTLS_ERR_X509_CERT_VERIFY_FAILED and MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE (mbedTLS's error.h). */
const CERT_VERIFY_FAILED = -0x2700;
const FATAL_ALERT = -0x7780;
/** enum mg_ssl_if_result MG_SSL_ERROR: the status of the connect event after a failed handshake. */
const MG_SSL_ERROR = -3;

const hex = (code: number) => `-0x${(-code).toString(16).padStart(4, '0')}`;

/** What the board must log for a handshake the gate saw fail this way: mbedTLS's code then (-3), or no connect line. */
function expectedFor(h: EventOf<'tls.handshake'>): { code: number; why: string } | 'no-connect-line' {
  if (h.ok) return { code: CERT_VERIFY_FAILED, why: "the board rejected the broker's certificate once the handshake was done (it closed before any MQTT byte)" };
  if (h.failedBy === 'device') return { code: CERT_VERIFY_FAILED, why: `the board rejected the broker's certificate${h.alert ? ` (alert ${h.alert})` : ''}` };
  if (h.alert !== undefined) return { code: FATAL_ALERT, why: `the broker refused the board with alert ${h.alert}` };
  return 'no-connect-line';
}

export function run(obs: Observation): Verdict {
  const handshakes = obs.input.events.filter((e): e is EventOf<'tls.handshake'> => e.kind === 'tls.handshake');
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const expected: unknown[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  const attempts = obs.attempts;
  for (const [i, a] of attempts.entries()) {
    const c = a.connection;
    if (c === undefined || a.serialSeq === undefined) continue;
    const h = handshakes.find((e) => e.broker === c.broker && e.conn === c.conn);
    if (h === undefined) continue;
    // A handshake done at the gate counts as failed only when the device then closed before sending any MQTT packet.
    if (h.ok && !(c.close?.by === 'device' && !c.packets.some((p) => p.dir === 'in'))) continue;
    const next = attempts[i + 1];
    // Its lines are all in once the next attempt's `connecting to` came (one serial stream, in order).
    const complete = next?.serialSeq !== undefined;
    const to = next?.serialSeq ?? Number.POSITIVE_INFINITY;
    const own = obs.logLines.filter((l) => l.seq > a.serialSeq! && l.seq < to);
    const codes = own.flatMap((l) => {
      const code = mbedtlsCodeOf(l.message);
      return code === undefined ? [] : [{ l, code }];
    });
    const statuses = own.flatMap((l) => {
      const m = libraryLog.tcpOk.exec(l.message) ?? libraryLog.tcpError.exec(l.message);
      return m ? [{ l, status: Number(m[1]) }] : [];
    });
    const want = expectedFor(h);
    const how = h.ok ? 'closed by the device after the handshake' : `handshake failed by the ${h.failedBy ?? 'gate'}${h.alert ? `, alert ${h.alert}` : ''}`;
    const what = `attempt ${i + 1} (${c.broker}#${c.conn}, ${how})`;
    if (!complete && codes.length === 0 && statuses.length === 0) continue;
    judged++;
    evidence.push({ t: h.t, what: `${c.broker}#${c.conn} TLS: ${how}${h.reason ? `: ${h.reason}` : ''}` }, ...own.filter((l) => codes.some((x) => x.l === l) || statuses.some((x) => x.l === l)).map((l) => ({ t: l.t, what: l.text })));
    observed.push({ attempt: i + 1, codes: codes.map((x) => hex(x.code)), statuses: statuses.map((x) => x.status) });
    if (want === 'no-connect-line') {
      expected.push({ attempt: i + 1, connectLine: false });
      if (statuses.length > 0) problems.push(`${what}: the broker closed in the middle of the handshake, which ends the attempt without a connect event, yet the board logged "${statuses[0]!.l.message}"`);
      continue;
    }
    expected.push({ attempt: i + 1, mbedtls: hex(want.code), status: MG_SSL_ERROR });
    for (const s of statuses) {
      if (s.status === 0) problems.push(`${what}: the board logged "${s.l.message}" for a handshake that failed`);
      else if (s.status !== MG_SSL_ERROR) problems.push(`${what}: the connect status is ${s.status}, where a failed handshake gives MG_SSL_ERROR (-3)`);
    }
    if (statuses.length > 1) problems.push(`${what}: ${statuses.length} connect lines, expected one`);
    for (const x of codes) if (x.code !== want.code) problems.push(`${what}: mbedTLS error ${hex(x.code)} logged; ${want.why}, which mbedTLS reports as ${hex(want.code)}`);
    if (!complete) continue;
    if (codes.length === 0) problems.push(`${what}: no mbedTLS error line (expected ${hex(want.code)}: ${want.why})`);
    if (!statuses.some((s) => s.status === MG_SSL_ERROR)) problems.push(`${what}: no \`MQTT0 TCP connected error (-3)\` line`);
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} failed TLS handshake(s) logged as mbedTLS reports them (certificate not verified -0x2700, the broker's alert -0x7780, then status -3)`,
    nothing: 'no TLS handshake failed at a gate (with the attempt\'s lines in the input)',
  }, { expected, observed, evidence, source });
}

export const tlsFailureLog: CheckDefinition = {
  id,
  needs:
    'attempts whose TLS handshake fails at a gate (`tls.handshake` ok false): a certificate the board must reject ' +
    '(failed by the device) or a broker that refuses the board with an alert, each followed by another attempt.',
  run,
};
