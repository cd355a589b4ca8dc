/**
 * api.packet-id-wrap — mgos_mqtt_get_packet_id and the ids the library takes from the same
 * counter: never 0, 65535 followed by 1, and an id still held by a queued publish stepped
 * over (impl: mgos_mqtt_conn_get_packet_id; mgos_mqtt.h: "never 0 (so after 0xffff it'll
 * be 1)", silent about queued ids; MQTT 3.1.1 §2.3.1: non-zero and currently unused).
 *
 * The wire is judged over the firmware's own report: after each HIL.PacketIds (whose
 * `last` says where the counter stands) every id taken next — a publish's (the broker's
 * copy for QoS ≥ 1, HIL.Pub's return otherwise), a SUBSCRIBE's, an UNSUBSCRIBE's — must be
 * the counter's successor: +1 modulo 65536, stepping over 0 and the ids of QoS ≥ 1
 * publishes still in the queue (not yet PUBACKed/PUBRECed at the broker, among the newest
 * max_queue_length). In such a scenario any device packet with id 0 is a failure too;
 * one without HIL.PacketIds is not judged (what a publish returns is other checks' business).
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.packet-id-wrap';
const source = cite('impl.packet-id', 'doc.packet-id', 'mqtt.packet-id.unused');

const NOTHING = 'no packet id was taken after a HIL.PacketIds (record scenario.packetIds, then publish or subscribe)';

/** One id the counter handed out after a HIL.PacketIds. */
interface Taken {
  t: number;
  id: number;
  what: string;
  /** What the call returned, when the id judged is the broker's. */
  returned?: number;
}

/** A QoS ≥ 1 publish that entered the queue: it holds `id` until acknowledged. */
interface Queued {
  t: number;
  id: number;
  acked: number;
}

/** The counter's next value after `prev`: +1, stepping over 0 and the held ids. */
export function successor(prev: number, held: ReadonlySet<number>): { id: number; skipped: number[] } {
  const skipped: number[] = [];
  let next = prev;
  for (let step = 0; step <= 0x10000; step++) {
    next = (next + 1) & 0xffff;
    if (next === 0) continue;
    if (held.has(next)) {
      skipped.push(next);
      continue;
    }
    return { id: next, skipped };
  }
  return { id: 0, skipped };
}

function deviceIdPackets(obs: Observation): Packet[] {
  return obs.connections
    .flatMap((c) => c.packets.filter((p) => p.dir === 'in' && (p.type === 'subscribe' || p.type === 'unsubscribe' || (p.type === 'publish' && (p.qos ?? 0) > 0))))
    .sort((a, b) => a.t - b.t);
}

export function run(obs: Observation): Verdict {
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  const enabled = obs.input.config.mqtt.enable;
  const draws = obs.actionsOf('packet-ids');
  const acks = obs.connections.flatMap((c) => c.packets.filter((p) => p.dir === 'out' && (p.type === 'puback' || p.type === 'pubrec')));
  const wire = deviceIdPackets(obs);
  // Only a scenario that set the counter by HIL.PacketIds is judged (what a publish
  // returns offline is api.pub-return-offline's business).
  if (draws.length === 0) {
    return judgeCounted(id, 0, [], { pass: () => '', nothing: NOTHING }, { expected: null, observed: [], evidence: [], source });
  }

  // Never 0: any device packet that carries an id.
  for (const p of wire) {
    if (p.packetId === 0) {
      problems.push(`${p.type.toUpperCase()}${p.topic ? ` ${p.topic}` : ''} went to the broker with packet id 0; the library never hands out 0`);
      evidence.push({ t: p.t, what: `${p.type.toUpperCase()} id 0 at the broker` });
    }
  }

  // Every publish with the id it took: the broker's first copy for QoS ≥ 1, else what the call returned.
  const used = new Set<Packet>();
  const pubs = [
    ...obs.actionsOf('pub').map((p) => ({ t: p.t, topic: p.topic, payload: p.payload, qos: p.qos, returned: p.packetId, via: 'HIL.Pub' })),
    ...obs.actionsOf('js-pub').map((p) => ({ t: p.t, topic: p.topic, payload: p.payload, qos: p.qos, returned: p.result, via: 'MQTT.pub' })),
  ].sort((a, b) => a.t - b.t);
  const taken: Taken[] = [];
  const queued: Queued[] = [];
  for (const p of pubs) {
    let packetId = p.returned;
    if (p.qos > 0) {
      const copy = wire.find((w) => !used.has(w) && w.type === 'publish' && w.t >= p.t && w.topic === p.topic && w.payload === p.payload);
      if (copy !== undefined) {
        used.add(copy);
        packetId = copy.packetId ?? p.returned;
      }
      if (packetId !== 0) {
        const ack = acks.find((a) => a.t > p.t && a.packetId === packetId);
        queued.push({ t: p.t, id: packetId, acked: ack?.t ?? Number.POSITIVE_INFINITY });
      }
    }
    taken.push({ t: p.t, id: packetId, what: `${p.via} ${p.topic} "${p.payload}" qos ${p.qos}`, returned: p.returned });
  }
  for (const w of wire) {
    if (w.type !== 'publish') taken.push({ t: w.t, id: w.packetId ?? 0, what: w.type.toUpperCase() });
  }
  taken.sort((a, b) => a.t - b.t);

  /** Ids held by the queue just before `t`: QoS ≥ 1 publishes of this boot not yet acked, the newest max_queue_length. */
  const heldAt = (t: number): Set<number> => {
    const boot = [...obs.boots].reverse().find((b) => b <= t) ?? Number.NEGATIVE_INFINITY;
    const limit = obs.configAt(t).mqtt.max_queue_length;
    const waiting = queued.filter((q) => q.t > boot && q.t < t && q.acked >= t);
    return new Set(limit > 0 ? waiting.slice(-limit).map((q) => q.id) : []);
  };

  let judged = 0;
  let wraps = 0;
  let skips = 0;
  draws.forEach((draw, i) => {
    evidence.push({ t: draw.t, what: `HIL.PacketIds count ${draw.count}: ${draw.first} … ${draw.last}, ${draw.zeros} zero(s), ${draw.wraps} wrap(s)` });
    if (draw.zeros > 0) problems.push(`HIL.PacketIds saw ${draw.zeros} id(s) equal to 0 among ${draw.count}`);
    const nextDraw = draws[i + 1]?.t ?? Number.POSITIVE_INFINITY;
    const reboot = obs.boots.find((b) => b > draw.t) ?? Number.POSITIVE_INFINITY;
    const until = Math.min(nextDraw, reboot);
    let prev = draw.last;
    for (const k of taken.filter((x) => x.t > draw.t && x.t < until)) {
      const expected = successor(prev, heldAt(k.t));
      judged++;
      observed.push({ what: k.what, after: prev, expected: expected.id, got: k.id, ...(k.returned === undefined || k.returned === k.id ? {} : { returned: k.returned }), skipped: expected.skipped });
      evidence.push({ t: k.t, what: `${k.what}: id ${k.id} after ${prev} (expected ${expected.id}${expected.skipped.length > 0 ? `, ${expected.skipped.join(', ')} held by the queue` : ''})` });
      if (k.id !== expected.id) {
        const held = expected.skipped.includes(k.id) ? ` (${k.id} is still held by a queued publish)` : '';
        problems.push(`${k.what} took id ${k.id} after ${prev}; expected ${expected.id}${held}`);
      } else {
        if (k.id < prev) wraps++;
        skips += expected.skipped.length;
      }
      prev = k.id;
    }
  });
  if (!enabled && draws.length > 0) problems.push('HIL.PacketIds answered with mqtt disabled at boot; the firmware must refuse (the library would dereference NULL)');

  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} id(s) taken after HIL.PacketIds were each the counter's successor (${wraps} wrap(s) from 65535 to 1, ${skips} queued id(s) stepped over), none 0`,
    nothing: NOTHING,
  }, {
    expected: 'each id the successor of the last: +1, 65535 → 1, never 0, ids held by queued publishes skipped',
    observed,
    evidence,
    source,
  });
}

export const apiPacketIdWrap: CheckDefinition = {
  id,
  needs: '`packet-ids` actions (HIL.PacketIds with the last id it took), then `pub`/`js-pub` actions or device SUBSCRIBE/UNSUBSCRIBE; the broker\'s PUBLISH, PUBACK and PUBREC packets on the connections.',
  run,
};
