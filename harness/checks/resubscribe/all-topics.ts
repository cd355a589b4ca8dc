/**
 * resubscribe.all-topics — after every CONNACK 0 the device re-sends a SUBSCRIBE for
 * exactly the topics it remembers: every one (not only the first, not only on the first
 * session), and none it no longer remembers (a topic unsubscribed before the drop).
 * A SUBSCRIBE for a topic subscribed live on the session (a `sub` action after its
 * CONNACK) is that subscription, not a re-subscription. A subscription made while the
 * CONNECT waits for its CONNACK is only remembered (the library subscribes once
 * connected): a SUBSCRIBE before the CONNACK fails, and the topic then goes twice.
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
  const subs = obs.actionsOf('sub');
  // Judged: a session that started with topics remembered, or after any subscription (an
  // unsubscribed topic must then stay away, even when nothing is left to re-send).
  const judged = obs.sessionSubs.filter((s) => s.remembered.length > 0 || subs.some((a) => a.t <= s.connackT));
  const problems: string[] = [];
  for (const s of judged) {
    const label = `session ${s.session.broker}#${s.session.conn}`;
    const missing = s.remembered.filter((r) => !s.sent.has(r.topic)).map((r) => r.topic);
    if (missing.length > 0) {
      problems.push(`${label}: no SUBSCRIBE for ${missing.join(', ')} (remembered ${s.remembered.length}, re-sent ${s.remembered.length - missing.length})`);
    }
    const live = new Set(subs.filter((a) => a.t > s.connackT).map((a) => a.topic));
    const extra = [...s.sent.keys()].filter((topic) => !s.remembered.some((r) => r.topic === topic) && !live.has(topic));
    if (extra.length > 0) problems.push(`${label}: SUBSCRIBE for ${extra.join(', ')}, which the device no longer remembers (unsubscribed or never subscribed)`);
    const early = s.early.flatMap((p) => (p.subscriptions ?? []).map((x) => x.topic));
    if (early.length > 0) problems.push(`${label}: SUBSCRIBE for ${early.join(', ')} before the CONNACK (the library subscribes only once connected, and re-sends every remembered topic at the CONNACK)`);
  }
  return judgeCounted(id, judged.length, problems, {
    pass: (n) => `${n} session(s) re-subscribed exactly the remembered topics (${judged.reduce((k, s) => k + s.remembered.length, 0)} SUBSCRIBE entries, none extra)`,
    nothing: 'no session started after a subscription and stayed up long enough to re-subscribe (record sub actions, then reconnect)',
  }, {
    expected: judged.map((s) => ({ session: `${s.session.broker}#${s.session.conn}`, topics: s.remembered.map((r) => r.topic) })),
    observed: judged.map((s) => ({ session: `${s.session.broker}#${s.session.conn}`, topics: [...s.sent.keys()] })),
    evidence: judged.flatMap((s) => [
      { t: s.connackT, what: `${s.session.broker}#${s.session.conn} CONNACK 0` },
      ...s.early.map((p) => ({ t: p.t, what: `${describePacket(p)} (before the CONNACK)` })),
      ...[...s.sent.values()].map((x) => ({ t: x.packet.t, what: describePacket(x.packet) })),
    ]),
    source,
  });
}

export const resubscribeAllTopics: CheckDefinition = {
  id,
  needs:
    '`sub` actions (HIL.Sub, ideally ≥ 2 topics; an `unsub` of one for the extra ones), then a ' +
    'reconnect: a session (gate CONNACK 0) that starts after the subs, with the device\'s SUBSCRIBE packets recorded by the gate, ' +
    'staying up ≥ 0.5 s device time.',
  run,
};
