/**
 * api.js-event-handler — MQTT.setEventHandler (HIL.JS.SetEventHandler): from the moment
 * the handler is set until the next boot it is called with EV_CONNACK (202) for each
 * session, EV_PUBACK (204) for each PUBACK the broker sent, EV_CLOSE (5) for each session
 * that ended, and EV_PUBLISH (203) for each PUBLISH the broker delivered that no
 * subscription the board remembers matched (a persistent session's message for a topic
 * unsubscribed offline): the library hands a PUBLISH to the connection handlers only then. Impl (mgos_mqtt_add_global_handler) and doc agree on these; the doc also
 * lists EV_SUBACK and a subscribed EV_PUBLISH, which the impl hands to the subscription's
 * own handler instead: the model follows the impl, and SUBACK calls are shown, not failed.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import { settleMs } from '../host-load.ts';
import { bootAfter, jsLines, unmatched } from './js-events.ts';


const id = 'api.js-event-handler';
const source = cite('impl.js-event-handler', 'doc.js-event-handler');

const EV = { CLOSE: 5, CONNACK: 202, PUBLISH: 203, PUBACK: 204, SUBACK: 209 } as const;
const NAMES: Record<number, string> = { 5: 'EV_CLOSE', 202: 'EV_CONNACK', 203: 'EV_PUBLISH', 204: 'EV_PUBACK' };

/** Harness ms a handler's line may precede the broker's record of the same event (a close the device started). */
const EARLY_MS = 500;
/**
 * Harness ms: a close this near the end of the input may have its line cut off, so it is
 * expected only if a later session shows the device went on (a CONNACK or PUBACK line
 * comes at once, and the scenario waits for those).
 */
const TAIL_MS = 500;

export function run(obs: Observation): Verdict {
  const set = obs.actionsOf('js-set-event-handler').find((a) => a.added);
  if (set === undefined) {
    return judgeCounted(id, 0, [], { pass: () => '', nothing: 'no event handler was set (record HIL.JS.SetEventHandler)' }, {
      expected: null, observed: null, evidence: [], source,
    });
  }
  const from = set.t;
  const until = bootAfter(obs, from);
  const inWindow = (t: number) => t > from && t < until;
  const laterSession = (t: number) => obs.sessions.some((s) => s.connack !== undefined && s.connack.t > t && inWindow(s.connack.t));
  const lines = jsLines(obs, 'js_event').filter((l) => l.t > from);
  const expected: { ev: number; t: number; what: string }[] = [];
  for (const s of obs.sessions) {
    if (s.connack && inWindow(s.connack.t)) expected.push({ ev: EV.CONNACK, t: s.connack.t, what: `CONNACK 0 on ${s.broker}#${s.conn}` });
    const close = s.close;
    if (close && inWindow(close.t) && (close.t < obs.end - TAIL_MS || laterSession(close.t))) {
      expected.push({ ev: EV.CLOSE, t: close.t, what: `${s.broker}#${s.conn} closed (${close.by})` });
    }
    for (const p of s.packets) {
      if (p.dir === 'out' && p.type === 'puback' && inWindow(p.t)) expected.push({ ev: EV.PUBACK, t: p.t, what: `PUBACK ${p.packetId} from ${s.broker}` });
      // A QoS 2 redelivery (DUP) of a message already received reaches no handler.
      const unmatchedPublish = p.dir === 'out' && p.type === 'publish' && p.topic !== undefined && !(p.qos === 2 && p.dup === true)
        && ![...obs.localFilters(p.t)].some((f) => topicMatches(f, p.topic!));
      // Its line follows the delivery at once: owed once the board was watched past the two stamps' spread and ε.
      const watched = obs.end - p.t >= settleMs(obs.board.hostLagMs) && obs.deviceMs(obs.end - p.t) >= obs.board.epsilonMs;
      const shown = lines.some((l) => l.event.mg_ev === EV.PUBLISH && l.t >= p.t - EARLY_MS);
      if (unmatchedPublish && inWindow(p.t) && (watched || shown)) expected.push({ ev: EV.PUBLISH, t: p.t, what: `PUBLISH ${p.topic} from ${s.broker}, matching no subscription the board remembers` });
    }
  }
  const problems: string[] = [];
  const evidence: Evidence[] = [{ t: set.t, what: 'MQTT.setEventHandler' }];
  for (const ev of [EV.CONNACK, EV.PUBLISH, EV.PUBACK, EV.CLOSE]) {
    const want = expected.filter((e) => e.ev === ev);
    const got = lines.filter((l) => l.event.mg_ev === ev);
    for (const e of want) evidence.push({ t: e.t, what: e.what });
    for (const l of got) evidence.push({ t: l.t, what: `handler called with ${ev} (${NAMES[ev]})` });
    for (const m of unmatched(want, got, EARLY_MS)) problems.push(`${m.what}, but the handler was never called with ${ev} (${NAMES[ev]})`);
  }
  const subacks = lines.filter((l) => l.event.mg_ev === EV.SUBACK).length;
  return judgeCounted(id, expected.length, problems, {
    pass: (n) => `the handler was called for all ${n} CONNACK/PUBLISH/PUBACK/CLOSE event(s)${subacks > 0 ? ` (and ${subacks} SUBACK, which the impl never passes on)` : ''}`,
    nothing: 'no session, PUBACK or close happened after the handler was set',
  }, {
    expected: expected.map((e) => ({ ev: e.ev, what: e.what })),
    observed: { calls: lines.map((l) => l.event.mg_ev), subackCalls: subacks },
    evidence,
    source,
  });
}

export const apiJsEventHandler: CheckDefinition = {
  id,
  needs: 'a `js-set-event-handler` action (added), sessions, PUBACKs and closes after it, and the `js_event` lines of fs/init.js.',
  run,
};
