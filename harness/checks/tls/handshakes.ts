/**
 * The TLS connections of a scenario, each with what the gate presented (`tls.handshake`
 * `server`), what the model says the board must do with it, and what it did: accepted
 * (it sent CONNECT: the handshake completed on its side), rejected (the handshake
 * failed, or the board closed before any MQTT packet), or still open without a verdict.
 *
 * A real board's mbedTLS fails a bad server certificate inside the handshake (a fatal
 * alert); the virtual board's Node client verifies after it and closes before CONNECT.
 * Both count as rejected: what matters is that no MQTT byte crossed.
 */
import { isServerCertificate } from '../../contract/tls.ts';
import { expectHandshake, type HandshakeExpectation, type PresentedServer } from '../../model/tls.ts';
import type { EventOf } from '../../timeline/events.ts';
import type { Evidence } from '../input.ts';
import { configOfBroker } from '../observe/config.ts';
import type { Connection } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import type { GapJudgement } from '../observe/runs.ts';

export interface TlsConnection {
  handshake: EventOf<'tls.handshake'>;
  connection: Connection | undefined;
  server: PresentedServer;
  expected: HandshakeExpectation;
  did: 'accepted' | 'rejected' | 'open';
  evidence: Evidence[];
}

export function tlsConnections(obs: Observation): TlsConnection[] {
  const out: TlsConnection[] = [];
  for (const e of obs.input.events) {
    if (e.kind !== 'tls.handshake' || !e.server) continue;
    const label = e.server.certificate;
    const server: PresentedServer = { certificate: isServerCertificate(label) ? label : 'none', clientCert: e.server.clientCert, psk: e.server.psk };
    const connection = obs.connections.find((c) => c.broker === e.broker && c.conn === e.conn);
    const section = obs.configAt(e.t)[configOfBroker(e.broker)];
    const expected = expectHandshake(section, server);
    const did = connection?.connect ? 'accepted' : !e.ok || connection?.close ? 'rejected' : 'open';
    const what = e.ok
      ? `${e.broker}#${e.conn} handshake ok (${e.version} ${e.cipher}${e.clientSubject ? `, client ${e.clientSubject}` : ''}${e.pskIdentity ? `, psk ${e.pskIdentity}` : ''}) with the ${label} server`
      : `${e.broker}#${e.conn} handshake failed by the ${e.failedBy}${e.alert ? ` (alert ${e.alert})` : ''} with the ${label} server: ${e.reason}`;
    const evidence: Evidence[] = [{ t: e.t, what }];
    if (connection?.connect) evidence.push({ t: connection.connect.t, what: `${e.broker}#${e.conn} the board sent CONNECT` });
    else if (connection?.close) evidence.push({ t: connection.close.t, what: `${e.broker}#${e.conn} closed by the ${connection.close.by} before any MQTT packet` });
    out.push({ handshake: e, connection, server, expected, did, evidence });
  }
  return out;
}

/** What went against the model on these connections. */
export function handshakeProblems(list: readonly TlsConnection[]): string[] {
  const problems: string[] = [];
  for (const c of list) {
    if (c.did === 'open') continue;
    const accepted = c.did === 'accepted';
    if (accepted === c.expected.accept) continue;
    const where = `${c.handshake.broker}#${c.handshake.conn}`;
    problems.push(accepted ? `${where}: the board accepted the ${c.server.certificate === 'none' ? 'PSK' : c.server.certificate} server and sent CONNECT, but ${c.expected.why}` : `${where}: the board did not get through (${c.handshake.ok ? 'it closed before CONNECT' : c.handshake.reason}), but ${c.expected.why}`);
  }
  return problems;
}

/** The gaps after rejected attempts: a failed handshake is a failed attempt, and the schedule must go on. */
export function gapsAfterRejections(obs: Observation, rejected: readonly TlsConnection[]): GapJudgement[] {
  const keys = new Set(rejected.map((c) => `${c.handshake.broker}#${c.handshake.conn}`));
  return obs.judgedRuns.flatMap((r) => r.gaps.filter((g) => g.prev.connection && keys.has(`${g.prev.connection.broker}#${g.prev.connection.conn}`)));
}
