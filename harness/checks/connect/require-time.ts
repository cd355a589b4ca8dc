/**
 * connect.require-time — mqtt.require_time, judged at the gates (model:
 * harness/model/require-time.ts; impl: mgos_mqtt_time_ok, mgos_mqtt_conn_connect).
 *
 * The wall clock's state comes from the scenario's HIL.SetTime actions: after one with an
 * epoch under 1500000000 the time is not set, after one at or past it, it is; before the
 * first nothing is known and nothing is judged. Then:
 * - while the time is not set and the config of the gate's server has require_time on, no
 *   connection reaches either gate;
 * - when the time becomes set after such a stretch, the first connection reaches a gate
 *   within 1.1 × the nominal delay of the reconnect timer that can be pending then
 *   (derived from the schedule and the time since the held tries began) + ε: the library
 *   does not react to the time being set, the pending timer's try connects;
 * - while the time is not set and require_time is off, a boot or HIL.Connect is followed
 *   by a connection within ε plus the time Wi-Fi takes (judged once the stretch has lasted
 *   NO_TIME_CONNECT_MS): an unset clock stops nothing.
 * An accept between a HIL.SetTime's call and its reply is not judged (the clock changed
 * at some moment in between). The "Time is not set, not connecting" lines are shown as
 * evidence, never required: the serial log can lose lines.
 *
 * Needs: see `needs` at the end of this file.
 */
import { libraryLog } from '../../contract/library-log.ts';
import { firstAttemptAfterTimeSetBoundMs, isTimeSet } from '../../model/require-time.ts';
import { cite } from '../../model/sources.ts';
import type { ActionOf, CheckDefinition, Evidence, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import type { Connection } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'connect.require-time';
const source = cite('impl.require-time', 'doc.require-time');

/**
 * Device ms a board with require_time off may take from a boot or HIL.Connect to its first
 * connection while the clock is unset: the Wi-Fi join of a physical board (the session
 * waits 30 s for the IP), far more than the virtual board's.
 */
export const NO_TIME_CONNECT_MS = 30_000;

const NOTHING = 'no stretch of unset wall time was seen (call scenario.setTime(0) before setup, then scenario.setTime(<epoch>))';

type SetTime = ActionOf<'set-time'>;

/** A stretch of harness time over which the wall clock was known not to be set. */
interface Unset {
  from: number;
  /** The HIL.SetTime that set it (undefined: still unset when the slice ended). */
  until?: SetTime;
  end: number;
}

const label = (c: Connection) => `${c.broker}#${c.conn}`;

function unsetStretches(obs: Observation, sets: readonly SetTime[]): Unset[] {
  const out: Unset[] = [];
  sets.forEach((a, i) => {
    if (isTimeSet(a.epoch)) return;
    const next = sets.slice(i + 1).find((b) => isTimeSet(b.epoch));
    // From an unsetting epoch the clock runs on; it reaches the threshold only after decades.
    out.push({ from: a.repliedAt, ...(next ? { until: next } : {}), end: next ? next.t : obs.end });
  });
  // An unset stretch starting inside another is the same stretch.
  return out.filter((u, i) => !out.slice(0, i).some((v) => v.until === u.until));
}

export function run(obs: Observation): Verdict {
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  const eps = obs.board.epsilonMs;
  const sets = obs.actionsOf('set-time');
  const stretches = unsetStretches(obs, sets);
  const conns = obs.connections;
  const heldLines = obs.logLines.filter((l) => libraryLog.timeNotSet.test(l.message));
  const starts = obs.breakers.filter((b) => b.kind === 'boot' || b.kind === 'connect' || b.kind === 'reset');
  let judged = 0;

  for (const a of sets) evidence.push({ t: a.t, what: `HIL.SetTime ${a.epoch}: mg_time ${a.before} → ${a.after}` });

  for (const u of stretches) {
    const inStretch = conns.filter((c) => c.accept > u.from && c.accept < u.end);
    const held = heldLines.filter((l) => l.t > u.from && l.t < u.end);
    if (held.length > 0) evidence.push({ t: held[0]!.t, what: `"Time is not set, not connecting" ×${held.length} while unset` });
    const requiring = (t: number) => {
      const cfg = obs.configAt(t);
      return cfg.mqtt.require_time || (cfg.mqtt1.enable && cfg.mqtt1.require_time);
    };
    // With require_time: nothing reaches a gate.
    const early = inStretch.filter((c) => obs.configAt(c.accept)[c.server].require_time);
    for (const c of early) {
      problems.push(`${label(c)} was accepted ${fmt(obs.deviceMs(c.accept - u.from))} into a stretch of unset wall time with ${c.server}.require_time on: the library opens no socket until the time is set`);
      evidence.push({ t: c.accept, what: `${label(c)} tcp.accept while the time was not set` });
    }
    const requiredAt = requiring(u.from) || requiring(u.end);
    // Judged once the board tried in the stretch: a boot or HIL.Connect in it, or a held try logged.
    const tried = starts.some((s) => s.t >= u.from && s.t < u.end) || held.length > 0;
    if (requiredAt && (early.length > 0 || tried)) judged++;
    observed.push({ unsetFrom: u.from, unsetUntil: u.until?.t ?? null, requireTime: requiredAt, acceptedWhileUnset: early.map(label), heldLines: held.length });

    // Time set after a held stretch: the pending timer's try connects.
    const set = u.until;
    if (set !== undefined && requiring(set.t) && early.length === 0) {
      // The held tries began at the IP after the boot, or at HIL.Connect: at the earliest at
      // the firmware's boot line (the slice starts there, after the banner) or the connect.
      const bootLines = obs.eventLines.filter((l) => l.event.ev === 'boot').map((l) => l.t);
      const origin = [...starts.map((b) => b.t), ...bootLines].filter((t) => t <= set.t).sort((a, b) => a - b).at(-1);
      if (origin !== undefined) {
        const cfg = obs.configAt(set.t);
        const { boundMs, pendingNominalMs } = firstAttemptAfterTimeSetBoundMs(cfg, obs.deviceMs(set.repliedAt - origin));
        const limit = boundMs + eps;
        const first = conns.find((c) => c.accept >= set.t);
        const afterMs = first === undefined ? undefined : obs.deviceMs(first.accept - set.repliedAt);
        const silentMs = obs.deviceMs(obs.end - set.repliedAt);
        if (first !== undefined && first.accept <= set.repliedAt) {
          // Accepted during the HIL.SetTime call: the clock was set at some moment then.
        } else if (afterMs !== undefined && afterMs <= limit) {
          judged++;
          evidence.push({ t: first!.accept, what: `${label(first!)} accepted ${fmt(afterMs)} after the time was set (bound ${fmt(limit)})` });
        } else if (afterMs !== undefined || silentMs > limit) {
          judged++;
          problems.push(`no connection within ${fmt(limit)} of the time being set (1.1 × the pending timer's ${fmt(pendingNominalMs)} + ε ${fmt(eps)}); ${afterMs === undefined ? `none in ${fmt(silentMs)}` : `the first came after ${fmt(afterMs)}`}`);
        }
        observed.push({ timeSetAt: set.t, pendingNominalMs, boundMs: Math.round(limit), firstAcceptAfterMs: afterMs === undefined ? null : Math.round(afterMs) });
      }
    }

    // Without require_time: an unset clock stops nothing.
    for (const b of starts.filter((s) => s.t >= u.from && s.t < u.end && !requiring(s.t))) {
      const next = starts.find((s) => s.t > b.t);
      const windowEnd = Math.min(u.end, next?.t ?? Number.POSITIVE_INFINITY);
      const c = conns.find((x) => x.accept >= b.t && x.accept < windowEnd);
      if (c !== undefined) {
        judged++;
        evidence.push({ t: c.accept, what: `${label(c)} accepted ${fmt(obs.deviceMs(c.accept - b.t))} after the ${b.kind}, require_time off and the time not set` });
        observed.push({ requireTime: false, after: b.kind, acceptedAfterMs: Math.round(obs.deviceMs(c.accept - b.t)) });
      } else if (obs.deviceMs(windowEnd - b.t) > NO_TIME_CONNECT_MS + eps) {
        judged++;
        problems.push(`require_time off, the time not set: no connection in ${fmt(obs.deviceMs(windowEnd - b.t))} after the ${b.kind}; an unset clock must not stop the client`);
      }
    }
  }

  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} judgement(s) of unset wall time: no connection while require_time held it back, the pending timer's try connected once the time was set, and an unset clock stopped nothing without require_time`,
    nothing: NOTHING,
  }, {
    expected: 'require_time on and mg_time() < 1500000000: no connection; after the time is set, one within 1.1 × the pending reconnect delay + ε; require_time off: connections as usual',
    observed,
    evidence,
    source,
  });
}

export const connectRequireTime: CheckDefinition = {
  id,
  needs: '`set-time` actions (HIL.SetTime, with the reply\'s stamp), the config over time (require_time of mqtt/mqtt1), boots and `connect` actions, and tcp.accept on the gates; the "Time is not set, not connecting" lines as evidence.',
  run,
};
