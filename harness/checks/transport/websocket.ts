/**
 * transport.websocket — mqtt.ws_enable / mqtt.ws_path, judged at the gate: with
 * ws_enable set, every attempt that reaches a WebSocket listener asks for an upgrade
 * (`ws.handshake`) to the configured ws_path, offering the subprotocol `mqtt`; MQTT runs
 * inside it (CONNACK 0, and what the device asks for in the session answered: SUBACK,
 * PUBACK, PINGRESP); no connection carries MQTT without an upgrade while ws_enable is set;
 * and after a session over WebSocket ends, the next session comes over WebSocket too.
 * The upgrade request carries a Host header (RFC 6455 §4.1: it MUST); its value is shown,
 * not judged (see virtual/mqtt/ws-transport.ts on how mongoose prints it). Every ping the
 * gate sends inside a session (between the fragments of a `segment` fault's message) gets
 * a pong (RFC 6455 §5.5.2: an endpoint MUST answer a ping with a pong). An attempt made
 * while the gate listened on nothing (`closed`) ends with the library's `MQTT0 TCP connect
 * error (n)` line (the WebSocket handler logs the failed connect; no cloud event).
 *
 * Evidence exists only where a WebSocket listener is on (the `ws.handshake` events) or
 * where ws_enable is set: elsewhere the check has nothing to judge.
 * Application publishes on a live WebSocket session are not judged (the library sends
 * them unframed: sources.ts, `transport.ws-direct-send-unframed`).
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { EventOf } from '../../timeline/events.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { brokerOfConfig, configOfBroker } from '../observe/config.ts';
import type { Connection, Packet } from '../observe/connections.ts';
import { inFault } from '../observe/faults.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'transport.websocket';
const source = cite('doc.ws', 'impl.ws.handshake', 'impl.ws.frames', 'impl.ws.refused-upgrade', 'mqtt.ws');

/**
 * Device ms a request may stay unanswered before its connection closed (or the slice
 * ended) without counting against the session: the answer may have been on its way.
 */
const ANSWER_WINDOW_MS = 2000;

/** What the device asks for in a session, and the broker's answer to it. */
const ANSWERS: Record<string, Packet['type']> = { subscribe: 'suback', unsubscribe: 'unsuback', pingreq: 'pingresp', publish: 'puback' };

const label = (e: { broker: string; conn: number }) => `${e.broker}#${e.conn}`;

function answered(c: Connection, request: Packet): boolean {
  const type = ANSWERS[request.type];
  if (type === undefined) return true;
  if (request.type === 'publish' && (request.qos ?? 0) === 0) return true;
  return c.packets.some((p) => p.dir === 'out' && p.type === type && p.t >= request.t && (request.packetId === undefined || p.packetId === undefined || p.packetId === request.packetId));
}

export function run(obs: Observation): Verdict {
  const upgrades = obs.input.events.filter((e): e is EventOf<'ws.handshake'> => e.kind === 'ws.handshake');
  const byConn = new Map(upgrades.map((u) => [label(u), u]));
  const wsEnabled = (c: { broker: EventOf<'ws.handshake'>['broker'] }, t: number) => obs.configAt(t)[configOfBroker(c.broker)].ws_enable;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;

  for (const u of upgrades) {
    const conn = obs.connections.find((c) => c.broker === u.broker && c.conn === u.conn);
    const at = conn?.accept ?? u.t;
    const section = obs.configAt(at)[configOfBroker(u.broker)];
    const where = label(u);
    evidence.push({ t: u.t, what: `${where} ${u.ok ? 'upgraded' : 'refused'}: GET ${u.path ?? '(no request)'} Host ${u.host ?? '-'} protocols [${u.protocols.join(', ')}] → ${u.status ?? 'no answer'}${u.reason ? ` (${u.reason})` : ''}` });
    observed.push({ conn: where, path: u.path ?? null, protocols: u.protocols, status: u.status ?? null, ok: u.ok });
    if (!section.ws_enable) continue;
    // The device left before it sent a request: nothing it asked for to judge.
    if (u.path === undefined && u.failedBy === 'device') continue;
    judged++;
    if (u.path === undefined) {
      problems.push(`${where}: mqtt.ws_enable is set but the board sent no WebSocket upgrade on the WebSocket port (${u.reason ?? 'no request'})`);
      continue;
    }
    if (u.path.split('?')[0] !== section.ws_path) problems.push(`${where}: the upgrade asked for ${u.path}, mqtt.ws_path is ${section.ws_path}`);
    if (!u.protocols.includes('mqtt')) problems.push(`${where}: the upgrade offered the subprotocols [${u.protocols.join(', ')}], without "mqtt"`);
    if (!u.host) problems.push(`${where}: the upgrade request has no Host header (RFC 6455 §4.1 requires one; the library sends the configured server)`);
  }

  // An attempt while nothing listened (the gate's `closed` fault): mgos_mqtt_ws_ev logs the failed TCP connect (impl.ws.handshake).
  const closedWindows = obs.faultWindows('closed');
  for (const [i, a] of obs.attempts.entries()) {
    // Over when the next attempt began, or ε after it (a refused connect on loopback fails at once; over WebSocket no `disconnected` line follows).
    const over = i + 1 < obs.attempts.length || obs.deviceMs(obs.end - a.start) >= obs.board.epsilonMs;
    if (a.server === 'unknown' || a.connection !== undefined || a.serialSeq === undefined || !over) continue;
    const broker = brokerOfConfig(a.server);
    if (!obs.configAt(a.start)[a.server].ws_enable || !inFault(closedWindows, broker, a.start)) continue;
    judged++;
    evidence.push({ t: a.start, what: `attempt on ${broker} while it listened on nothing${a.connectError ? `: ${a.connectError.text.trim()}` : ''}` });
    if (!a.connectError) problems.push(`the attempt at ${Math.round(a.start)} ms on ${broker}, refused by a gate that listened on nothing, ended without the library's \`MQTT0 TCP connect error (n)\` line`);
  }

  // Each ping the gate sent on an upgraded connection: a pong from the device, unless the connection closed within ε.
  const controls = obs.input.events.filter((e): e is EventOf<'ws.control'> => e.kind === 'ws.control');
  for (const ping of controls.filter((e) => e.dir === 'out' && e.op === 'ping')) {
    const c = obs.connections.find((x) => x.broker === ping.broker && x.conn === ping.conn);
    const ponged = controls.some((e) => e.dir === 'in' && e.op === 'pong' && e.broker === ping.broker && e.conn === ping.conn && e.t >= ping.t);
    if (!ponged && obs.deviceMs((c?.close?.t ?? obs.end) - ping.t) < obs.board.epsilonMs) continue;
    judged++;
    evidence.push({ t: ping.t, what: `${label(ping)} ws ping from the gate${ponged ? ', answered' : ''}` });
    if (!ponged) problems.push(`${label(ping)}: the gate's WebSocket ping got no pong (RFC 6455 §5.5.2)`);
  }

  // MQTT without an upgrade while ws_enable is set: a board that ignores the setting, on a plain port.
  for (const c of obs.connections) {
    if (!c.connect || byConn.has(label(c)) || !wsEnabled(c, c.accept)) continue;
    judged++;
    evidence.push({ t: c.connect.t, what: `${label(c)} CONNECT without a WebSocket upgrade` });
    problems.push(`${label(c)}: mqtt.ws_enable is set but the board sent CONNECT over plain TCP, without a WebSocket upgrade`);
  }

  // The sessions inside upgrades: each request the device made answered.
  const sessions = obs.sessions.filter((c) => byConn.get(label(c))?.ok === true);
  for (const c of sessions) {
    const requests = c.packets.filter((p) => p.dir === 'in' && p.t > c.connack!.t && ANSWERS[p.type] !== undefined);
    // A request just before the close (or the end of the slice) may have had its answer cut off.
    const last = c.close?.t ?? obs.end;
    const open = requests.filter((r) => !answered(c, r));
    const unanswered = open.filter((r) => obs.deviceMs(last - r.t) > ANSWER_WINDOW_MS);
    evidence.push({ t: c.connack!.t, what: `${label(c)} CONNACK 0 over WebSocket; ${requests.length - open.length} of ${requests.length} requests answered` });
    for (const r of unanswered) problems.push(`${label(c)}: the board's ${r.type.toUpperCase()}${r.packetId !== undefined ? ` ${r.packetId}` : ''} over WebSocket got no ${ANSWERS[r.type]!.toUpperCase()}`);
  }

  // After a WebSocket session ends, the next session of the device is over WebSocket too.
  const allSessions = [...obs.sessions].sort((a, b) => a.accept - b.accept);
  let reconnects = 0;
  for (const s of sessions) {
    if (!s.close) continue;
    const next = allSessions.find((n) => n.accept > s.close!.t);
    if (!next || !wsEnabled(next, next.accept)) continue;
    if (byConn.get(label(next))?.ok === true) reconnects++;
    // A plain session after it is named above (CONNECT without an upgrade).
  }

  return judgeCounted(
    id,
    judged,
    problems,
    {
      pass: (n) => `${n} attempts asked for the WebSocket upgrade at mqtt.ws_path with subprotocol mqtt; ${sessions.length} sessions ran inside it, ${reconnects} of them after an earlier WebSocket session ended`,
      nothing: 'no WebSocket listener in the scenario (no ws.handshake at a gate) and no attempt with mqtt.ws_enable',
    },
    { expected: { path: 'mqtt.ws_path', protocols: 'include "mqtt"', everyAttempt: true }, observed: { upgrades: observed, sessions: sessions.length, reconnects }, evidence, source },
  );
}

export const transportWebsocket: CheckDefinition = {
  id,
  needs:
    'attempts with mqtt.ws_enable at a gate with a WebSocket listener (ws.handshake); for the session and the reconnect, a session over WebSocket that the scenario drops; ' +
    'for the pong, the gate\'s `segment` fault (ws: fragments) in a WebSocket session, whose pings it records (ws.control)',
  run,
};
