/**
 * resubscribe.delivery — end to end: after a reconnect, a message the peer publishes to a
 * subscribed topic reaches the device's subscription handlers: one `msg` event line for
 * each subscription made with HIL.Sub whose filter matches it (the library's
 * call_topic_handler calls every matching subscription's handler, not only the first).
 *
 * Needs: see `needs` at the end of this file.
 */
import { unreadableUnderLimit } from '../../model/recv-limit.ts';
import { cite } from '../../model/sources.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket, isOpenAt } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'resubscribe.delivery';
const source = cite('impl.resub.every-connack', 'impl.delivery.puback-matched');

type Action = Observation['input']['actions'][number];

/**
 * The firmware's C handlers (HIL.Sub) the library holds at `t` whose filter matches
 * `topic`: each prints one `msg` line. The library keeps a list, newest first: subscribing
 * a topic twice keeps two entries, an unsubscribe removes the newest with that topic (a
 * JS or raw one too, which print no `msg` line).
 */
export function cHandlersMatching(actions: readonly Action[], topic: string, t: number): number {
  const list: { topic: string; c: boolean }[] = [];
  for (const a of [...actions].sort((x, y) => x.t - y.t)) {
    if (a.t > t) break;
    if (a.kind === 'sub' || a.kind === 'js-sub' || a.kind === 'raw-sub') list.unshift({ topic: a.topic, c: a.kind === 'sub' });
    else if (a.kind === 'unsub' && a.removed !== false) {
      const i = list.findIndex((x) => x.topic === a.topic);
      if (i >= 0) list.splice(i, 1);
    }
  }
  return list.filter((x) => x.c && topicMatches(x.topic, topic)).length;
}

export function run(obs: Observation): Verdict {
  const ss = obs.sessions;
  const msgs = obs.eventLines.filter((e) => e.event.ev === 'msg');
  const end = obs.end;
  const cases = obs.actionsOf('peer-publish').flatMap((p) => {
    const idx = ss.findIndex((s) => s.broker === p.broker && s.connack!.t <= p.t && isOpenAt(s, p.t));
    if (idx < 1) return []; // not after a reconnect
    const subs = obs.rememberedSubs(p.t).filter((s) => topicMatches(s.topic, p.topic));
    return subs.length > 0 ? [{ p, session: ss[idx]!, until: ss[idx + 1]?.accept ?? end }] : [];
  });
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  const expected: unknown[] = [];
  for (const c of cases) {
    const out = c.session.packets.find((x) => x.dir === 'out' && x.type === 'publish' && x.topic === c.p.topic && x.t >= c.p.t);
    // Larger than recv_mbuf_limit, or behind one that was: the device closes before its
    // handler can get it (limits.recv-mbuf judges that).
    if (out) {
      const before = c.session.packets.filter((x) => x.dir === 'out' && x.type === 'publish' && x.t <= out.t && x !== out);
      if (unreadableUnderLimit(out, before, obs.configAt(c.session.accept)[c.session.server].recv_mbuf_limit)) continue;
    }
    judged++;
    const handlers = cHandlersMatching(obs.input.actions, c.p.topic, c.p.t);
    expected.push({ topic: c.p.topic, delivered: true, handlers });
    evidence.push({ t: c.p.t, what: `peer published ${c.p.topic} qos ${c.p.qos} on ${c.p.broker}` });
    if (out) evidence.push({ t: out.t, what: describePacket(out) });
    const got = msgs.filter((m) => m.t >= c.p.t && m.t <= c.until && m.event.topic === c.p.topic && m.event.msg === c.p.payload);
    for (const m of got) evidence.push({ t: m.t, what: m.text });
    if (got.length === 0) problems.push(`peer message on ${c.p.topic} after the reconnect never reached the device's handler${out ? ' (the broker did send it)' : ''}`);
    else if (handlers > 0 && got.length !== handlers) {
      problems.push(`peer message on ${c.p.topic} reached ${got.length} handler(s), but ${handlers} subscription(s) made with HIL.Sub match it: the library calls each matching subscription's handler once`);
    }
    observed.push({ topic: c.p.topic, delivered: got.length > 0, handlers: got.length });
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} message(s) published after the reconnect reached the device`,
    nothing: 'no peer publish to a subscribed topic during a session after a reconnect',
  }, {
    expected,
    observed,
    evidence,
    source,
  });
}

export const resubscribeDelivery: CheckDefinition = {
  id,
  needs:
    '`sub` actions; a second (or later) session in the slice; `peer-publish` actions on that ' +
    'session\'s broker while it is up, to topics matching a remembered subscription; the board\'s ' +
    '`HIL {"ev":"msg",…}` lines.',
  run,
};
