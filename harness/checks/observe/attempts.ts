/**
 * Connection attempts, merged from the two views: the board's serial log (`connecting
 * to`, `TCP connected error`, `CONNACK n`, `disconnected`, `connecting after N ms`) and the
 * gates (`tcp.accept`, CONNACK, `tcp.close`). A closed port is only visible on serial; a
 * lost serial line is covered by the gate. Timing uses the gate's stamps where there are
 * some: the start is the accept (else the `connecting to` line), the end the gate's
 * close (else the `TCP connected error` or `disconnected` line).
 */
import type { ConfigName } from '../../contract/mqtt-config.ts';
import type { Evidence } from '../input.ts';
import { configOfAddress } from './config.ts';
import type { Connection } from './connections.ts';
import type { Observation } from './observation.ts';
import { mqttLog } from './serial.ts';

export interface ObservedAttempt {
  /** Harness ms. */
  start: number;
  server: ConfigName | 'unknown';
  end?: number;
  /** `fail`: ended without CONNACK 0; `session`: had CONNACK 0 and ended; `open`: not ended in the slice. */
  outcome: 'fail' | 'session' | 'open';
  connackCode?: number;
  connection?: Connection;
  /** The `connecting after N ms` line printed before this attempt. */
  loggedDelay?: { t: number; ms: number };
  evidence: Evidence[];
}

interface SerialAttempt {
  t: number;
  address: string;
  server: ConfigName | 'unknown';
  tcpError?: { t: number; text: string };
  connack?: { t: number; code: number };
  disconnected?: { t: number; text: string };
  loggedDelay?: { t: number; ms: number; text: string };
  text: string;
}

function serialAttempts(obs: Observation): SerialAttempt[] {
  const out: SerialAttempt[] = [];
  let pendingDelay: SerialAttempt['loggedDelay'];
  let cur: SerialAttempt | undefined;
  for (const l of obs.logLines) {
    const to = mqttLog.connectingTo.exec(l.message);
    if (to) {
      const address = to[1]!;
      cur = { t: l.t, address, server: configOfAddress((at) => obs.configAt(at), l.t, address), text: l.text };
      if (pendingDelay) cur.loggedDelay = pendingDelay;
      pendingDelay = undefined;
      out.push(cur);
      continue;
    }
    const after = mqttLog.connectingAfter.exec(l.message);
    if (after) {
      pendingDelay = { t: l.t, ms: Number(after[1]), text: l.text };
      continue;
    }
    if (!cur) continue;
    const err = mqttLog.tcpError.exec(l.message);
    if (err && !cur.tcpError) cur.tcpError = { t: l.t, text: l.text };
    const ca = mqttLog.connack.exec(l.message);
    if (ca && !cur.connack) cur.connack = { t: l.t, code: Number(ca[1]) };
    if (mqttLog.disconnected.test(l.message) && !cur.disconnected) cur.disconnected = { t: l.t, text: l.text };
  }
  return out;
}

/**
 * Harness ms within which a `connecting to` line and a gate accept are the same attempt.
 * The serial line can arrive late when the harness is busy (tens of ms were seen on a
 * loaded 2-core machine); attempts are at least 0.9 × 2 s of device time apart, so
 * 1 s of device time (and never less than 50 ms) pairs late lines without mixing
 * neighbours (pairs are made closest first).
 */
export function matchToleranceMs(timeScale: number, hostLagMs = 0): number {
  // Either side's stamp can be late by the lateness measured during the scenario (a
  // "connecting to" line 63.7 ms before its accept at a measured lag of 39.7 ms was seen in
  // CI): that lateness widens the tolerance; pairs are still made closest first.
  return Math.max(50, 1000 / timeScale) + hostLagMs;
}

/** The view behind `Observation.attempts`. */
export function observeAttempts(obs: Observation): ObservedAttempt[] {
  const serial = serialAttempts(obs);
  const conns = obs.connections;
  const tol = matchToleranceMs(obs.board.timeScale, obs.board.hostLagMs);
  const pairs: { s: number; c: number; d: number }[] = [];
  serial.forEach((s, si) => {
    // A `TCP connected error` line does not mean the gate never saw the attempt: a gate
    // that accepts and resets at once (refuse-rst) races the device's connect, and the
    // device then reports the reset (104) as a connect error. Pair by time either way.
    conns.forEach((c, ci) => {
      const d = Math.abs(c.accept - s.t);
      if (d <= tol && (s.server === 'unknown' || s.server === c.server)) pairs.push({ s: si, c: ci, d });
    });
  });
  pairs.sort((a, b) => a.d - b.d);
  const sOf = new Map<number, number>();
  const cOf = new Map<number, number>();
  for (const p of pairs) {
    if (sOf.has(p.c) || cOf.has(p.s)) continue;
    sOf.set(p.c, p.s);
    cOf.set(p.s, p.c);
  }
  const attempts: ObservedAttempt[] = [];
  conns.forEach((c, ci) => {
    const si = sOf.get(ci);
    attempts.push(fromConnection(c, si === undefined ? undefined : serial[si]));
  });
  serial.forEach((s, si) => {
    if (!cOf.has(si)) attempts.push(fromSerial(s));
  });
  return attempts.sort((a, b) => a.start - b.start);
}

function fromConnection(c: Connection, s: SerialAttempt | undefined): ObservedAttempt {
  const evidence: Evidence[] = [];
  if (s) evidence.push({ t: s.t, what: s.text });
  evidence.push({ t: c.accept, what: `${c.broker}#${c.conn} tcp.accept (${c.server})` });
  const code = c.connack?.returnCode ?? s?.connack?.code;
  if (c.connack) evidence.push({ t: c.connack.t, what: `${c.broker}#${c.conn} CONNACK ${c.connack.returnCode}` });
  if (c.close) evidence.push({ t: c.close.t, what: `${c.broker}#${c.conn} tcp.close by ${c.close.by} (${c.close.how})` });
  const ended = c.close !== undefined;
  const a: ObservedAttempt = {
    start: c.accept,
    server: c.server,
    outcome: !ended ? 'open' : code === 0 ? 'session' : 'fail',
    connection: c,
    evidence,
  };
  if (c.close) a.end = c.close.t;
  if (code !== undefined) a.connackCode = code;
  if (s?.loggedDelay) a.loggedDelay = { t: s.loggedDelay.t, ms: s.loggedDelay.ms };
  return a;
}

function fromSerial(s: SerialAttempt): ObservedAttempt {
  const evidence: Evidence[] = [{ t: s.t, what: s.text }];
  const endLine = s.tcpError ?? s.disconnected;
  if (s.connack) evidence.push({ t: s.connack.t, what: `MQTT0 CONNACK ${s.connack.code}` });
  if (endLine) evidence.push({ t: endLine.t, what: endLine.text });
  const a: ObservedAttempt = {
    start: s.t,
    server: s.server,
    outcome: !endLine ? 'open' : s.connack?.code === 0 ? 'session' : 'fail',
    evidence,
  };
  if (endLine) a.end = endLine.t;
  if (s.connack) a.connackCode = s.connack.code;
  if (s.loggedDelay) a.loggedDelay = { t: s.loggedDelay.t, ms: s.loggedDelay.ms };
  return a;
}

export function describeAttempt(a: ObservedAttempt, i: number): string {
  const how = a.connackCode !== undefined ? `CONNACK ${a.connackCode}` : a.outcome === 'open' ? 'still open' : 'refused';
  return `attempt ${i + 1} to ${a.server} (${how})`;
}
