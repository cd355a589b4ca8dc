/**
 * will.on-abrupt-loss — after the board is reset without DISCONNECT, the broker publishes
 * the will: the peer receives will_message on will_topic. (A will needs both topic and
 * message set in the config, and the device must have sent it in CONNECT.)
 *
 * Needs: see `needs` at the end of this file.
 */
import { expectedConnect } from '../../model/connect.ts';
import { effectiveKeepAliveS } from '../../model/keepalive.ts';
import { cite } from '../../model/sources.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import { describePacket, isOpenAt } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'will.on-abrupt-loss';
const source = cite('mqtt.will', 'impl.connect.will', 'doc.config.connect');

export function run(obs: Observation): Verdict {
  const end = obs.end;
  const received = obs.actionsOf('peer-received');
  const cases = obs.actionsOf('reset').flatMap((reset) => {
    const s = obs.sessions.find((x) => isOpenAt(x, reset.t));
    if (!s) return [];
    const cfg = obs.configAt(s.accept)[s.server];
    const will = expectedConnect(cfg, obs.board.deviceId).fields.will;
    if (!will) return [];
    if (s.packets.some((p) => p.dir === 'in' && p.type === 'disconnect' && p.t <= reset.t)) return [];
    const listening = obs.actionsOf('peer-subscribe').some((p) => p.broker === s.broker && p.t <= reset.t && topicMatches(p.topic, will.topic));
    return listening ? [{ reset, s, will, keepAlive: effectiveKeepAliveS(cfg.keep_alive) }] : [];
  });
  if (cases.length === 0) {
    return nothingToJudge(id, 'no reset of a session with a will while a peer listened on the will topic (needs will_topic + will_message, peer-subscribe, reset)', { source });
  }
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  for (const c of cases) {
    evidence.push({ t: c.reset.t, what: `board reset (${c.reset.how ?? 'no DISCONNECT'}) during ${c.s.broker}#${c.s.conn}` });
    if (c.s.connect) evidence.push({ t: c.s.connect.t, what: describePacket(c.s.connect) + ` will ${JSON.stringify(c.s.connect.connect?.will ?? null)}` });
    const got = received.find((r) => r.broker === c.s.broker && r.t >= c.reset.t && r.topic === c.will.topic && r.payload === c.will.payload);
    if (got) {
      judged++;
      evidence.push({ t: got.t, what: `peer received ${got.topic} ${JSON.stringify(got.payload)}` });
      observed.push({ received: true, afterMs: Math.round(obs.deviceMs(got.t - c.reset.t)) });
      continue;
    }
    const waited = obs.deviceMs(end - c.reset.t);
    const needed = 2000 * c.keepAlive + obs.board.epsilonMs;
    if (waited < needed) continue; // too soon to tell
    judged++;
    observed.push({ received: false, waitedMs: Math.round(waited) });
    problems.push(`no will on ${c.will.topic} reached the peer within ${fmt(waited)} of the reset${c.s.connect?.connect?.will ? '' : ' (the CONNECT carried no will)'}`);
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `after ${n} abrupt loss(es) the broker published the will to the peer`,
    nothing: 'the slice ended before the broker could notice the loss (observe 2 × keep_alive after the reset)',
  }, {
    expected: cases.map((c) => ({ topic: c.will.topic, payload: c.will.payload, qos: 0 })),
    observed,
    evidence,
    source,
  });
}

export const willOnAbruptLoss: CheckDefinition = {
  id,
  needs:
    'config will_topic + will_message; a session on a broker; a `peer-subscribe` on that broker ' +
    'matching will_topic before the reset; a `reset` action while the session is up; ' +
    '`peer-received` actions; observation for 2 × keep_alive after the reset (the broker may only ' +
    'notice the loss by its keep-alive timeout).',
  run,
};
