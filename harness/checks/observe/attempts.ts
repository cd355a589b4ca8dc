/**
 * Connection attempts, merged from the two views: the board's serial log (`connecting
 * to`, `TCP connected error`, `CONNACK n`, `disconnected`, `connecting after N ms`) and the
 * gates (`tcp.accept`, CONNACK, `tcp.close`). A closed port is only visible on serial; a
 * lost serial line is covered by the gate. Timing uses the gate's stamps where there are
 * some: the start is the accept (else the `connecting to` line), the end the gate's
 * close (else the `TCP connected error` or `disconnected` line). A line's time is when it
 * left the board: its read's stamp less the lateness the board's own clock shows
 * (serial-lateness.ts).
 */
import type { ConfigName } from '../../contract/mqtt-config.ts';
import type { Evidence } from '../input.ts';
import { configOfAddress } from './config.ts';
import type { Connection } from './connections.ts';
import type { Observation } from './observation.ts';
import { mqttLog } from './serial.ts';
import { SERIAL_LATE_MS, serialSentTimes } from './serial-lateness.ts';

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
  /** Serial-stream position of its `connecting to` line (absent: seen only at a gate). */
  serialSeq?: number;
  /** The board's `TCP connected error (n)` line for it: the TCP or TLS connect failed. */
  connectError?: { t: number; text: string };
  /** The board's `MQTT0 CONNACK n` line for it: the device read that CONNACK (a gate's CONNACK may be cut off by a reset first). */
  deviceConnack?: { t: number; code: number };
  /** The board's `Error: …` line for it: mg_connect_opt refused the settings before any socket (`message`: what follows `Error: `). */
  openError?: { t: number; text: string; message: string };
  /**
   * A connect that failed unlogged: no gate accepted it, the board logged neither
   * `TCP connected ok` nor `TCP connected error` nor an `Error:` of its own, and the attempt
   * ended (its `disconnected` line, here). The library logs every failed TCP connect, so
   * the gate's view says what the log left out.
   */
  silentConnectFailure?: { t: number; text: string };
  evidence: Evidence[];
}

interface SerialAttempt {
  t: number;
  /** When its `connecting to` line left the board: `t` less the measured lateness of its read (serial-lateness.ts). */
  sentAt: number;
  /** When its end line (`TCP connected error`, else `disconnected`) left the board, likewise. */
  endSentAt?: number;
  seq: number;
  address: string;
  server: ConfigName | 'unknown';
  tcpError?: { t: number; text: string };
  tcpOk?: true;
  /** `Error: …`: mg_connect_opt refused the settings (a TLS file, a bad address) before any socket. */
  openError?: { t: number; text: string; message: string };
  connack?: { t: number; code: number };
  disconnected?: { t: number; text: string };
  loggedDelay?: { t: number; ms: number; text: string };
  text: string;
}

function serialAttempts(obs: Observation): SerialAttempt[] {
  // Timing from the serial view is when a line left the board, not when its read reached the harness.
  const sentAt = serialSentTimes(obs.eventLines, obs.board.timeScale);
  const out: SerialAttempt[] = [];
  let pendingDelay: SerialAttempt['loggedDelay'];
  let cur: SerialAttempt | undefined;
  for (const l of obs.logLines) {
    const to = mqttLog.connectingTo.exec(l.message);
    if (to) {
      const address = to[1]!;
      cur = { t: l.t, sentAt: sentAt(l), seq: l.seq, address, server: configOfAddress((at) => obs.configAt(at), l.t, address), text: l.text };
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
    if (err && !cur.tcpError) {
      cur.tcpError = { t: l.t, text: l.text };
      cur.endSentAt = sentAt(l);
    }
    if (mqttLog.tcpOk.test(l.message) || mqttLog.wsConnected.test(l.message)) cur.tcpOk = true;
    const refused = mqttLog.connectError.exec(l.message);
    if (refused && !cur.openError) cur.openError = { t: l.t, text: l.text, message: refused[1]! };
    const ca = mqttLog.connack.exec(l.message);
    if (ca && !cur.connack) cur.connack = { t: l.t, code: Number(ca[1]) };
    if (mqttLog.disconnected.test(l.message) && !cur.disconnected) {
      cur.disconnected = { t: l.t, text: l.text };
      if (!cur.tcpError) cur.endSentAt = sentAt(l);
    }
  }
  return out;
}

/**
 * Harness ms by which a `connecting to` line may come *before* its gate accept: the
 * accept's stamp can be late when the harness is busy. Attempts are at least 0.9 × 1 s of
 * device time apart (the floor of `reconnect_timeout_min`), so 1 s of device time (never
 * less than 50 ms) plus the lateness measured during the scenario covers it.
 */
export function matchToleranceMs(timeScale: number, hostLagMs = 0): number {
  // A "connecting to" line 63.7 ms before its accept at a measured lag of 39.7 ms was seen in CI.
  return Math.max(50, 1000 / timeScale) + hostLagMs;
}

/** The view behind `Observation.attempts`. */
export function observeAttempts(obs: Observation): ObservedAttempt[] {
  const serial = serialAttempts(obs);
  const conns = obs.connections;
  const early = matchToleranceMs(obs.board.timeScale, obs.board.hostLagMs);
  const late = early + SERIAL_LATE_MS;
  const cOf = pairInOrder(serial, conns, (s, c) => {
    // A `TCP connected error` line does not mean the gate never saw the attempt: a gate
    // that accepts and resets at once (refuse-rst) races the device's connect, and the
    // device then reports the reset (104) as a connect error. Pair by time either way.
    const d = s.sentAt - c.accept;
    if (d < -early || d > late) return undefined;
    if (s.server !== 'unknown' && s.server !== c.server) return undefined;
    if (!outcomesAgree(s, c)) return undefined;
    return Math.abs(d);
  });
  return inDeviceOrder(serial, conns, cOf);
}

/**
 * The attempts in the order the device made them. A pair holds its place in both streams,
 * so what lies unpaired between two pairs lies between them in time too: sorted by stamp
 * within that stretch only. A serial-only attempt's stamp is its line's arrival, which a
 * late chunk can put past the next pair's accept (a board reconnecting at once, 18 ms
 * late); it happened before that attempt, so it starts no later than it.
 */
function inDeviceOrder(serial: readonly SerialAttempt[], conns: readonly Connection[], cOf: ReadonlyMap<number, number>): ObservedAttempt[] {
  const out: ObservedAttempt[] = [];
  let si = 0;
  let ci = 0;
  const stretch = (sEnd: number, cEnd: number, before: number | undefined) => {
    const unpaired: ObservedAttempt[] = [];
    for (; si < sEnd; si++) unpaired.push(clampedStart(fromSerial(serial[si]!), before));
    for (; ci < cEnd; ci++) unpaired.push(fromConnection(conns[ci]!, undefined));
    out.push(...unpaired.sort((a, b) => a.start - b.start));
  };
  for (const [s, c] of [...cOf].sort((a, b) => a[0] - b[0])) {
    stretch(s, c, conns[c]!.accept);
    out.push(fromConnection(conns[c]!, serial[s]));
    si = s + 1;
    ci = c + 1;
  }
  stretch(serial.length, conns.length, undefined);
  return out;
}

function clampedStart(a: ObservedAttempt, before: number | undefined): ObservedAttempt {
  if (before === undefined || a.start <= before) return a;
  return { ...a, start: before, ...(a.end !== undefined ? { end: Math.min(a.end, before) } : {}) };
}

/**
 * Whether the board's lines and the gate's view can be one attempt: a CONNACK the board
 * logged is the one the gate sent, a board that logged a CONNACK got one, and a board
 * whose connect failed got none.
 */
function outcomesAgree(s: SerialAttempt, c: Connection): boolean {
  if (s.connack && c.connack) return s.connack.code === c.connack.returnCode;
  if (s.connack && c.close) return false; // the gate closed without sending one
  // A board whose TCP connect failed got no CONNACK: the gate that sent one served another
  // attempt (a board reconnecting at once makes many failed attempts a few ms apart).
  if (s.tcpError && c.connack) return false;
  return true;
}

/**
 * Serial attempts paired with gate connections so that neither stream's order is crossed
 * (both are in the order the device made its attempts: the pty and each gate deliver in
 * order), as many pairs as possible and, among those, the closest in time. `cost` says
 * whether two may pair (`undefined`: never) and how far apart they are. Returns serial
 * index → connection index. O(n·m) over one scenario's attempts.
 */
export function pairInOrder<S, C>(serial: readonly S[], conns: readonly C[], cost: (s: S, c: C) => number | undefined): Map<number, number> {
  const n = serial.length;
  const m = conns.length;
  // best[i][j]: the best pairing of serial[i..] with conns[j..], as [pairs, total cost].
  const pairs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const total = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const better = (p: number, t: number, i: number, j: number) => p > pairs[i]![j]! || (p === pairs[i]![j]! && t < total[i]![j]!);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      pairs[i]![j] = pairs[i + 1]![j]!;
      total[i]![j] = total[i + 1]![j]!;
      if (better(pairs[i]![j + 1]!, total[i]![j + 1]!, i, j)) {
        pairs[i]![j] = pairs[i]![j + 1]!;
        total[i]![j] = total[i]![j + 1]!;
      }
      const d = cost(serial[i]!, conns[j]!);
      if (d !== undefined && better(pairs[i + 1]![j + 1]! + 1, total[i + 1]![j + 1]! + d, i, j)) {
        pairs[i]![j] = pairs[i + 1]![j + 1]! + 1;
        total[i]![j] = total[i + 1]![j + 1]! + d;
      }
    }
  }
  const out = new Map<number, number>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const d = cost(serial[i]!, conns[j]!);
    if (d !== undefined && pairs[i]![j] === pairs[i + 1]![j + 1]! + 1 && total[i]![j] === total[i + 1]![j + 1]! + d) {
      out.set(i, j);
      i++;
      j++;
    } else if (pairs[i]![j] === pairs[i + 1]![j] && total[i]![j] === total[i + 1]![j]) i++;
    else j++;
  }
  return out;
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
  if (s) a.serialSeq = s.seq;
  if (s?.tcpError) a.connectError = s.tcpError;
  if (s?.connack) a.deviceConnack = s.connack;
  if (s?.openError) a.openError = s.openError;
  return a;
}

function fromSerial(s: SerialAttempt): ObservedAttempt {
  const evidence: Evidence[] = [{ t: s.t, what: s.text }];
  const endLine = s.tcpError ?? s.disconnected;
  if (s.connack) evidence.push({ t: s.connack.t, what: `MQTT0 CONNACK ${s.connack.code}` });
  if (endLine) evidence.push({ t: endLine.t, what: endLine.text });
  const a: ObservedAttempt = {
    start: s.sentAt,
    server: s.server,
    outcome: !endLine ? 'open' : s.connack?.code === 0 ? 'session' : 'fail',
    evidence,
  };
  if (endLine) a.end = s.endSentAt ?? endLine.t;
  if (s.connack) a.connackCode = s.connack.code;
  if (s.loggedDelay) a.loggedDelay = { t: s.loggedDelay.t, ms: s.loggedDelay.ms };
  a.serialSeq = s.seq;
  if (s.tcpError) a.connectError = s.tcpError;
  if (s.connack) a.deviceConnack = s.connack;
  if (s.openError) a.openError = s.openError;
  if (!s.tcpError && !s.tcpOk && !s.openError && !s.connack && s.disconnected) a.silentConnectFailure = { t: s.disconnected.t, text: s.disconnected.text };
  return a;
}

export function describeAttempt(a: ObservedAttempt, i: number): string {
  const how = a.connackCode !== undefined ? `CONNACK ${a.connackCode}` : a.outcome === 'open' ? 'still open' : 'refused';
  return `attempt ${i + 1} to ${a.server} (${how})`;
}
