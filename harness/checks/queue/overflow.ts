/**
 * queue.overflow — with more QoS ≥ 1 publishes made offline than max_queue_length, only
 * the newest max_queue_length are replayed; the older ones never arrive.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { mqttLog } from '../observe/serial.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'queue.overflow';
const source = cite('impl.queue.offline', 'impl.queue.replay', 'impl.keepalive.ping');
/**
 * Device ms a session must stay up after CONNACK before the absence of a queue it had
 * nothing to replay (max_queue_length 0) counts: the device polls at least once a second,
 * so a replay due at CONNACK is on the wire within that.
 */
export const ABSENCE_GRACE_MS = 1000;

export function run(obs: Observation): Verdict {
  const groups = obs.offlineGroups.filter((g) => g.plan.dropped.some((d) => d.reason === 'overflow' || d.reason === 'queue-disabled'));
  if (groups.length === 0) return nothingToJudge(id, 'no offline period with more QoS ≥ 1 publishes than max_queue_length, followed by a session', { source });
  const end = obs.end;
  const packets = obs.publishes;
  const problems: string[] = [];
  const evidence: Evidence[] = obs.logLines
    .filter((l) => mqttLog.queueOverflow.test(l.message))
    .map((l) => ({ t: l.t, what: l.text }));
  const observed: unknown[] = [];
  // Publishes whose fate was seen: a survivor replayed, an older one leaked, or (with the
  // queue disabled, so nothing to replay) one that stayed away from a session watched long enough.
  let seen = 0;
  for (const g of groups) {
    const after = packets.filter((p) => p.t >= g.session.accept);
    const find = (q: { topic: string; payload: string }) => after.find((p) => p.topic === q.topic && p.payload === q.payload);
    const survivors = g.plan.replayed.map((q) => ({ q, p: find(q) }));
    const dropped = g.plan.dropped.filter((d) => d.reason !== 'qos0-offline').map((q) => ({ q, p: find(q) }));
    for (const s of survivors) {
      if (s.p) evidence.push({ t: s.p.t, what: describePacket(s.p) });
      else problems.push(`id ${s.q.packetId} (${JSON.stringify(s.q.payload)}), one of the newest ${g.maxQueueLength}, was never replayed`);
    }
    const leaked = dropped.filter((d) => d.p);
    for (const d of leaked) evidence.push({ t: d.p!.t, what: describePacket(d.p!) });
    seen += survivors.filter((s) => s.p).length + leaked.length;
    const watchedMs = obs.deviceMs((g.session.close?.t ?? end) - g.session.connack!.t);
    if (g.plan.replayed.length === 0 && watchedMs >= Math.max(ABSENCE_GRACE_MS, obs.board.epsilonMs)) {
      seen += dropped.length - leaked.length;
      // An absence is judged on the session watched and the publishes that stayed away: show both.
      evidence.push({ t: g.session.connack!.t, what: `session watched ${Math.round(watchedMs)} ms (device) after its CONNACK` });
      for (const d of dropped.filter((x) => !x.p)) evidence.push({ t: g.session.connack!.t, what: `offline pub id ${d.q.packetId} ${JSON.stringify(d.q.payload)}: never sent (queue disabled)` });
    }
    if (leaked.length > 0) {
      problems.push(`queue not bounded: ${leaked.length} publish(es) older than the newest ${g.maxQueueLength} arrived (ids ${leaked.map((d) => d.q.packetId).join(', ')})`);
    }
    observed.push({ replayed: survivors.filter((s) => s.p).map((s) => s.q.packetId), leaked: leaked.map((d) => d.q.packetId) });
  }
  return judgeCounted(id, seen, problems, {
    pass: (n) => `only the newest max_queue_length queued publishes survived (${n} publish(es) judged: ${groups.map((g) => `${g.plan.replayed.length} of ${g.pubs.length} offline publish(es) replayed`).join('; ')})`,
    nothing: `the session after the offline period did not stay up ${ABSENCE_GRACE_MS} ms to show the queue's fate`,
  }, {
    expected: groups.map((g) => ({ maxQueueLength: g.maxQueueLength, survive: g.plan.replayed.map((q) => q.packetId), dropped: g.plan.dropped.filter((d) => d.reason !== 'qos0-offline').map((d) => d.packetId) })),
    observed,
    evidence,
    source,
  });
}

export const queueOverflow: CheckDefinition = {
  id,
  needs:
    'more than max_queue_length (default 5) `pub` actions with QoS ≥ 1 and connected=false ' +
    '(unique payloads), then a session and its PUBLISH packets. With the queue disabled ' +
    '(max_queue_length 0, nothing to replay) the session must stay up ≥ ABSENCE_GRACE_MS for the ' +
    'absence to count. The `MQTT0 queue overflow!` lines are shown when present.',
  run,
};
