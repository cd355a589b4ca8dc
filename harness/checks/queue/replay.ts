/**
 * queue.replay — QoS ≥ 1 publishes made offline are replayed after the reconnect, in
 * order, with their original packet ids and DUP = 1; QoS 0 ones are dropped. A QoS ≥ 1
 * publish made once the session's queue has drained goes out first with DUP = 0.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';
import { judgeFirstSends } from './first-send.ts';

const id = 'queue.replay';
const source = cite('impl.queue.offline', 'impl.queue.replay', 'mqtt.dup.redelivery', 'mqtt.dup.first-send', 'impl.pub.packet-id');

export function run(obs: Observation): Verdict {
  const groups = obs.offlineGroups.filter((g) => g.plan.replayed.length > 0);
  const packets = obs.publishes;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let replayed = 0;
  for (const g of groups) {
    const after = packets.filter((p) => p.t >= g.session.accept);
    const label = `${g.session.broker}#${g.session.conn}`;
    evidence.push(...g.pubs.map((p) => ({ t: p.t, what: `offline pub ${p.topic} ${JSON.stringify(p.payload)} qos ${p.qos} → id ${p.packetId}` })));
    evidence.push({ t: g.session.connack!.t, what: `${label} CONNACK 0` });
    const firsts = g.plan.replayed.map((q) => ({ q, p: after.find((p) => p.topic === q.topic && p.payload === q.payload) }));
    for (const { q, p } of firsts) {
      if (!p) {
        problems.push(`queued ${q.topic} ${JSON.stringify(q.payload)} (id ${q.packetId}) was never replayed after ${label}`);
        continue;
      }
      replayed++;
      evidence.push({ t: p.t, what: describePacket(p) });
      if (p.dup !== true) problems.push(`replay of id ${q.packetId} went out with DUP = 0; expected 1`);
      // A board whose pub returned 0 did not say which id it used: the id cannot be judged
      // here (api.pub-return-offline judges the return value).
      if (q.packetId !== 0 && p.packetId !== q.packetId) problems.push(`replay of ${JSON.stringify(q.payload)} carried id ${p.packetId}, expected the original ${q.packetId}`);
      if (p.qos !== q.qos) problems.push(`replay of id ${q.packetId} went out at QoS ${p.qos}, expected ${q.qos}`);
    }
    // Order by payload (unique per publish), which does not depend on the ids the board reported.
    const arrived = firsts.filter((f) => f.p).sort((a, b) => a.p!.t - b.p!.t).map((f) => f.q.payload);
    const inOrder = firsts.filter((f) => f.p).map((f) => f.q.payload);
    if (arrived.join('\u0000') !== inOrder.join('\u0000')) problems.push(`replay order ${arrived.join(', ')}; expected ${inOrder.join(', ')}`);
    for (const d of g.plan.dropped.filter((x) => x.reason === 'qos0-offline')) {
      const p = after.find((x) => x.topic === d.topic && x.payload === d.payload);
      if (p) {
        problems.push(`QoS 0 publish ${JSON.stringify(d.payload)} made offline was delivered; it should be dropped`);
        evidence.push({ t: p.t, what: describePacket(p) });
      }
    }
    observed.push({ session: label, replayed: firsts.map((f) => (f.p ? { id: f.p.packetId, dup: f.p.dup, qos: f.p.qos } : null)), order: arrived });
  }
  const firstSends = judgeFirstSends(obs, packets);
  problems.push(...firstSends.problems);
  evidence.push(...firstSends.evidence);
  return judgeCounted(id, replayed + firstSends.judged, problems, {
    pass: () => `${replayed} queued publish(es) replayed in order with DUP = 1 and their ids after ${groups.length} reconnect(s); ${firstSends.judged} first send(s) with DUP = 0`,
    nothing: 'no QoS ≥ 1 publish made offline (and not lost to a reset) followed by a session, and none made on a settled session',
  }, {
    expected: groups.map((g) => ({ replayed: g.plan.replayed.map((q) => ({ id: q.packetId, dup: true, qos: q.qos })), dropped: g.plan.dropped.map((d) => ({ id: d.packetId, reason: d.reason })) })),
    observed,
    evidence,
    source,
  });
}

export const queueReplay: CheckDefinition = {
  id,
  needs:
    '`pub` actions with connected=false (unique payloads; QoS 1, and a QoS 0 one), no more than ' +
    'max_queue_length QoS ≥ 1 ones (more is queue.overflow\'s case), then a session (gate CONNACK ' +
    '0) and the PUBLISH packets the gate records on it.',
  run,
};
