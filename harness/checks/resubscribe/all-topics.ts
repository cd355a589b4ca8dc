/**
 * resubscribe.all-topics — after every CONNACK 0 the device re-sends a SUBSCRIBE for
 * every topic it remembers (not only the first, not only on the first session).
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'resubscribe.all-topics';
const source = cite('impl.resub.every-connack', 'impl.sub.offline');

export function run(obs: Observation): Verdict {
  const judged = obs.sessionSubs.filter((s) => s.remembered.length > 0);
  const problems: string[] = [];
  for (const s of judged) {
    const missing = s.remembered.filter((r) => !s.sent.has(r.topic)).map((r) => r.topic);
    if (missing.length > 0) {
      problems.push(`session ${s.session.broker}#${s.session.conn}: no SUBSCRIBE for ${missing.join(', ')} (remembered ${s.remembered.length}, re-sent ${s.remembered.length - missing.length})`);
    }
  }
  return judgeCounted(id, judged.length, problems, {
    pass: (n) => `${n} session(s) re-subscribed every remembered topic (${judged.reduce((k, s) => k + s.remembered.length, 0)} SUBSCRIBE entries)`,
    nothing: 'no session started while topics were remembered and stayed up long enough to re-subscribe (record sub actions, then reconnect)',
  }, {
    expected: judged.map((s) => ({ session: `${s.session.broker}#${s.session.conn}`, topics: s.remembered.map((r) => r.topic) })),
    observed: judged.map((s) => ({ session: `${s.session.broker}#${s.session.conn}`, topics: [...s.sent.keys()] })),
    evidence: judged.flatMap((s) => [
      { t: s.connackT, what: `${s.session.broker}#${s.session.conn} CONNACK 0` },
      ...[...s.sent.values()].map((x) => ({ t: x.packet.t, what: describePacket(x.packet) })),
    ]),
    source,
  });
}

export const resubscribeAllTopics: CheckDefinition = {
  id,
  needs:
    '`sub` actions (HIL.Sub, ideally ≥ 2 topics), then a reconnect: a session (gate CONNACK 0) ' +
    'that starts after the subs, with the device\'s SUBSCRIBE packets recorded by the gate, ' +
    'staying up ≥ 0.5 s device time.',
  run,
};
