/**
 * queue.overflow — with more QoS ≥ 1 publishes made offline than max_queue_length, only
 * the newest max_queue_length are replayed; the older ones never arrive.
 *
 * Needs: more than max_queue_length (default 5) `pub` actions with QoS ≥ 1 and
 * connected=false (unique payloads), then a session and its PUBLISH packets. The
 * `MQTT0 queue overflow!` lines are shown when present.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, CheckInput, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import { devicePublishes } from '../observe/publishes.ts';
import { logLines, mqttLog } from '../observe/serial.ts';
import { judge, skip } from '../verdict.ts';
import { offlineGroups } from './offline.ts';

const id = 'queue.overflow';
const source = cite('impl.queue.offline', 'impl.queue.replay');

export function run(input: CheckInput): Verdict {
  const groups = offlineGroups(input).filter((g) => g.plan.dropped.some((d) => d.reason === 'overflow' || d.reason === 'queue-disabled'));
  if (groups.length === 0) return skip(id, 'no offline period with more QoS ≥ 1 publishes than max_queue_length, followed by a session', { source });
  const packets = devicePublishes(input);
  const problems: string[] = [];
  const evidence: Evidence[] = logLines(input)
    .filter((l) => mqttLog.queueOverflow.test(l.message))
    .map((l) => ({ t: l.t, what: l.text }));
  const observed: unknown[] = [];
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
    if (leaked.length > 0) {
      problems.push(`queue not bounded: ${leaked.length} publish(es) older than the newest ${g.maxQueueLength} arrived (ids ${leaked.map((d) => d.q.packetId).join(', ')})`);
    }
    observed.push({ replayed: survivors.filter((s) => s.p).map((s) => s.q.packetId), leaked: leaked.map((d) => d.q.packetId) });
  }
  return judge(id, problems, 'only the newest max_queue_length queued publishes survived', {
    expected: groups.map((g) => ({ maxQueueLength: g.maxQueueLength, survive: g.plan.replayed.map((q) => q.packetId), dropped: g.plan.dropped.filter((d) => d.reason !== 'qos0-offline').map((d) => d.packetId) })),
    observed,
    evidence,
    source,
  });
}

export const queueOverflow: CheckDefinition = {
  id,
  needs: 'more than max_queue_length offline QoS 1 pub actions (unique payloads), then a session with its PUBLISH packets',
  run,
};
