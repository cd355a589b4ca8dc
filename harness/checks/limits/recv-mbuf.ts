/**
 * limits.recv-mbuf — mqtt.recv_mbuf_limit, judged at the gate: a PUBLISH the broker
 * delivers that is larger than the limit in force on that connection (whole packet,
 * fixed header included; its size is computed from the topic, QoS and payload length the
 * gate decoded) is followed by the device closing that connection within
 * POLL_LATENESS_MS + ε device ms, and is never acknowledged (the device never parsed
 * it). A packet of exactly the limit is handled (model: harness/model/recv-limit.ts).
 * In a slice where an oversized delivery was seen, a delivery within the limit must not
 * be followed by such a close (unless an oversized one on the same connection, before it
 * or after, or a scenario action that ends or reboots the session, explains it: after an
 * oversized packet the device reads nothing more); elsewhere within-limit
 * deliveries are not judged, so the check does not become a general stability check.
 * A retained oversized message makes every session that re-subscribes get it and be
 * closed again: the loop count is reported. The board's "exceeds the limit" log line is
 * shown as evidence, never required.
 *
 * Needs: see `needs` at the end of this file.
 */
import { libraryLog } from '../../contract/library-log.ts';
import { decodedPublishBytes, exceedsRecvLimit, recvLimitCloseBound } from '../../model/recv-limit.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import { type Connection, describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import type { Delivery } from '../observe/publishes.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'limits.recv-mbuf';
const source = cite('impl.recv-mbuf-limit', 'doc.recv-mbuf-limit');

/** Scenario actions after which a close of the session is the scenario's doing. */
const SESSION_ENDING = new Set(['disconnect', 'reset', 'config', 'connect']);

interface Sized {
  d: Delivery;
  bytes: number;
  limit: number;
  over: boolean;
}

function sized(obs: Observation, d: Delivery): Sized | undefined {
  const bytes = decodedPublishBytes(d.packet);
  if (bytes === undefined) return undefined;
  const c = d.connection;
  // The limit is put on the connection when it connects.
  const limit = obs.configAt(c.accept)[c.server].recv_mbuf_limit;
  return { d, bytes, limit, over: exceedsRecvLimit(bytes, limit) };
}

const label = (c: Connection) => `${c.broker}#${c.conn}`;

export function run(obs: Observation): Verdict {
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  const bound = recvLimitCloseBound(obs.board.epsilonMs);
  const all = obs.deliveries.map((d) => sized(obs, d)).filter((s): s is Sized => s !== undefined && s.limit > 0);
  const exercised = all.some((s) => s.over);
  const ending = obs.input.actions.filter((a) => SESSION_ENDING.has(a.kind));
  const limitLines = obs.logLines.filter((l) => libraryLog.recvLimitExceeded.test(l.message));
  let judged = 0;
  let loops = 0;
  for (const s of all) {
    if (!s.over && !exercised) continue;
    const { connection: c, packet: p } = s.d;
    const close = c.close;
    const closedAfterMs = close === undefined ? undefined : obs.deviceMs(close.t - p.t);
    const byDevice = close?.by === 'device';
    const what = `${describePacket(p)} (${s.bytes} bytes, limit ${s.limit})`;
    if (s.over) {
      // No verdict yet: the slice ended before the bound passed with the connection open.
      if (close === undefined && obs.deviceMs(obs.end - p.t) <= bound) continue;
      if (close !== undefined && !byDevice && closedAfterMs !== undefined && closedAfterMs <= bound) continue; // the gate or broker ended it first
      judged++;
      evidence.push({ t: p.t, what });
      const acked = c.packets.some((q) => q.dir === 'in' && q.type === 'puback' && q.t >= p.t && p.packetId !== undefined && q.packetId === p.packetId);
      observed.push({ conn: label(c), bytes: s.bytes, limit: s.limit, closedAfterMs: closedAfterMs === undefined ? null : Math.round(closedAfterMs), by: close?.by ?? null, acked });
      if (close !== undefined) evidence.push({ t: close.t, what: `${label(c)} tcp.close by ${close.by} (${close.how})` });
      const line = limitLines.find((l) => l.t >= p.t && (close === undefined || l.t <= close.t + bound / obs.board.timeScale));
      if (line) evidence.push({ t: line.t, what: `board: ${line.message}` });
      if (acked) problems.push(`${label(c)}: acknowledged a ${s.bytes}-byte PUBLISH over recv_mbuf_limit ${s.limit}; the library cannot parse it and closes instead`);
      if (!byDevice || closedAfterMs === undefined || closedAfterMs > bound) {
        const how = close === undefined ? 'the connection stayed open' : `the ${byDevice ? 'device' : close.by} closed it after ${fmt(closedAfterMs ?? 0)}`;
        problems.push(`${label(c)}: a ${s.bytes}-byte PUBLISH over recv_mbuf_limit ${s.limit} was delivered and ${how}; expected the device to close within ${fmt(bound)}`);
      } else if (p.retain) {
        loops++;
      }
      continue;
    }
    // Within the limit, in a slice that exercises it. After an oversized delivery on the
    // same connection the device reads nothing more: this one was never seen.
    const overBefore = all.some((o) => o.over && o.d.connection === c && o.d.packet.t <= p.t && o.d.packet !== p);
    if (overBefore) continue;
    if (close === undefined || close.by !== 'device' || closedAfterMs === undefined) {
      if (close === undefined && obs.deviceMs(obs.end - p.t) <= bound) continue;
      judged++;
      observed.push({ conn: label(c), bytes: s.bytes, limit: s.limit, closedAfterMs: null });
      continue;
    }
    const closeT = close.t;
    if (ending.some((a) => a.t >= p.t && a.t <= closeT)) continue; // the scenario ended the session
    judged++;
    // An oversized delivery after this one and before the close is its reason: the connection outlived this message.
    const overAfter = all.some((o) => o.over && o.d.connection === c && o.d.packet.t >= p.t && o.d.packet !== p && o.d.packet.t <= closeT);
    observed.push({ conn: label(c), bytes: s.bytes, limit: s.limit, closedAfterMs: Math.round(closedAfterMs), ...(overAfter ? { closedByLaterOversized: true } : {}) });
    if (!overAfter && closedAfterMs <= bound) {
      evidence.push({ t: p.t, what }, { t: closeT, what: `${label(c)} tcp.close by device (${close.how})` });
      problems.push(`${label(c)}: the device closed the connection ${fmt(closedAfterMs)} after a ${s.bytes}-byte PUBLISH within recv_mbuf_limit ${s.limit}; only a larger packet closes it`);
    }
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} delivery(ies) judged against recv_mbuf_limit: each larger one closed by the device within ${fmt(bound)}, none within it${loops > 0 ? `; a retained oversized message closed ${loops} session(s) in a row` : ''}`,
    nothing: 'no PUBLISH larger than recv_mbuf_limit was delivered to the device (scenario: set a small limit and have a peer publish more)',
  }, { expected: `a delivery of more than recv_mbuf_limit bytes (whole packet) is closed on by the device within ${fmt(bound)}; one within the limit is not`, observed, evidence, source });
}

export const limitsRecvMbuf: CheckDefinition = {
  id,
  needs: 'broker→device PUBLISH packets (with their payload length), some larger than the mqtt.recv_mbuf_limit in force when that connection was made; the connections\' closes; the scenario\'s actions.',
  run,
};
