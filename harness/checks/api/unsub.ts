/**
 * api.unsub — mgos_mqtt_unsub (HIL.Unsub) acts only on a subscription the board remembers
 * (impl, mgos_mqtt_conn_unsub: it looks the topic up in its list): for a remembered topic
 * it returns true, logs `MQTTn unsub`, sends UNSUBSCRIBE while connected and forgets the
 * entry; for any other topic it returns false and sends nothing. Judged from the call's
 * recorded return and the gate: every HIL.Unsub returned whether the topic was remembered,
 * and every UNSUBSCRIBE the device sent names topics it remembered when it was asked.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { settleMs } from '../host-load.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.unsub';
const source = cite('impl.unsub');

export function run(obs: Observation): Verdict {
  const settle = settleMs(obs.board.hostLagMs);
  const calls = obs.actionsOf('unsub');
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  let judged = 0;
  for (const a of calls) {
    if (a.removed === undefined) continue;
    judged++;
    const remembered = obs.localFilters(a.t, true).has(a.topic);
    evidence.push({ t: a.t, what: `HIL.Unsub ${a.topic} → ${a.removed}${remembered ? '' : ' (not subscribed)'}` });
    if (a.removed !== remembered) {
      problems.push(`HIL.Unsub ${a.topic} returned ${a.removed}; the board ${remembered ? 'remembered' : 'never had'} that subscription, so the library returns ${remembered}`);
    }
  }
  const unsubscribes = obs.connections.flatMap((c) => c.packets.filter((p) => p.dir === 'in' && p.type === 'unsubscribe'));
  for (const p of unsubscribes) {
    judged++;
    evidence.push({ t: p.t, what: describePacket(p) });
    for (const topic of p.unsubscriptions ?? []) {
      // The call that asked for it: the latest HIL.Unsub of that topic before the packet (stamps of two paths: settle).
      const call = calls.filter((a) => a.topic === topic && a.t <= p.t + settle).at(-1);
      if (call === undefined) problems.push(`${describePacket(p)}: no HIL.Unsub asked for ${topic}`);
      else if (!obs.localFilters(call.t, true).has(topic)) problems.push(`${describePacket(p)}: ${topic} was not a subscription the board remembered; the library sends nothing for it`);
    }
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} HIL.Unsub return(s) and UNSUBSCRIBE(s): each acted only on a remembered subscription`,
    nothing: 'no HIL.Unsub with its return recorded, and no UNSUBSCRIBE from the device',
  }, {
    expected: { removed: 'true exactly for a remembered topic', unsubscribe: 'only for a remembered topic, while connected' },
    observed: { calls: calls.map((a) => ({ topic: a.topic, removed: a.removed ?? null })), unsubscribes: unsubscribes.map((p) => p.unsubscriptions ?? []) },
    evidence,
    source,
  });
}

export const apiUnsub: CheckDefinition = {
  id,
  needs: '`unsub` actions with the value HIL.Unsub returned (scenario.unsub records it), the `sub`/`js-sub`/`raw-sub` actions before them, and the device\'s UNSUBSCRIBE packets at the gate.',
  run,
};
