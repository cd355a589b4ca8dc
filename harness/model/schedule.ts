/**
 * The reconnect schedule: which server each attempt goes to and after what nominal
 * delay, from the `mqtt`/`mqtt1` config and what each attempt came to. The state is the
 * library's `rt` (last nominal delay in ms) and the active config; see
 * mqtt-client-behaviour.md, "Reconnect schedule".
 *
 * The model follows the implementation (±10 % fuzz, 2·min after a switch) except where
 * the implementation loses connectivity: a backup enabled without a server is never
 * switched to (the doc's promise), unless `follow: 'impl'` asks for the library's
 * behaviour (the device goes silent).
 */
import { type ConfigName, type MqttSection, otherConfig } from '../contract/mqtt-config.ts';
import { cite, type SourceRef } from './sources.ts';

export type { ConfigName } from '../contract/mqtt-config.ts';
export type ScheduleConfig = Pick<MqttSection, 'enable' | 'server' | 'reconnect_timeout_min' | 'reconnect_timeout_max'>;
export interface ScheduleConfigs {
  mqtt: ScheduleConfig;
  mqtt1: ScheduleConfig;
}

/** `fail`: TCP refused/reset, TLS failure, CONNACK refusal. `session`: CONNACK 0, later lost. */
export type AttemptOutcome = 'fail' | 'session';

export interface BackoffState {
  /** Last nominal delay in ms; 0 after a successful CONNACK (and at boot). */
  rt: number;
  active: ConfigName;
}

export const bootState: BackoffState = { rt: 0, active: 'mqtt' };

export type Follow = 'doc' | 'impl';

export interface NextStep {
  state: BackoffState;
  /** `null`: the device makes no further attempt (impl: switched to a backup without server). */
  nominalMs: number | null;
  switched: boolean;
  source: SourceRef[];
}

function canSwitchTo(cfg: ScheduleConfig, follow: Follow): boolean {
  return follow === 'impl' ? cfg.enable : cfg.enable && cfg.server !== '';
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** What the client does when an attempt ends: steps 1–3 of the rule, giving the next nominal delay. */
export function nextAttempt(
  prev: BackoffState,
  configs: ScheduleConfigs,
  outcome: AttemptOutcome,
  follow: Follow = 'doc',
): NextStep {
  const source = cite('impl.backoff.rule');
  let rt = outcome === 'session' ? 0 : prev.rt;
  if (outcome === 'session') source.push(...cite('impl.backoff.reset-on-connack'));
  let active = prev.active;
  let switched = false;
  const cur = configs[active];
  const alt = configs[otherConfig(active)];
  if (rt >= 1000 * cur.reconnect_timeout_max && canSwitchTo(alt, follow)) {
    active = otherConfig(active);
    rt = 1000 * configs[active].reconnect_timeout_min;
    switched = true;
    source.push(...cite('impl.failover.switch', 'impl.failover.first-delay'));
  }
  if (rt <= 0) {
    rt = 1000;
    source.push(...cite('impl.backoff.floor'));
  }
  const now = configs[active];
  rt = clamp(2 * rt, 1000 * now.reconnect_timeout_min, 1000 * now.reconnect_timeout_max);
  const state = { rt, active };
  if (now.server === '') {
    return { state, nominalMs: null, switched, source: [...source, ...cite('impl.failover.empty-server')] };
  }
  return { state, nominalMs: rt, switched, source };
}

/** The timing window of a fuzzed delay: `[0.9·d − ε, 1.1·d + ε]`. */
export function fuzzWindow(nominalMs: number, epsilonMs: number): [number, number] {
  return [0.9 * nominalMs - epsilonMs, 1.1 * nominalMs + epsilonMs];
}

export interface ExpectedAttempt {
  /** 0 = the first attempt of the run (no delay before it). */
  index: number;
  server: ConfigName;
  /** Nominal delay from the end of the previous attempt, ms; null for the first. */
  nominalMs: number | null;
  windowMs: [number, number] | null;
  /** First attempt on a newly active config. */
  switched: boolean;
  /** The previous attempt had a working session (rt was reset by its CONNACK). */
  afterSession: boolean;
  /** What the attempt is assumed to come to (from the outcome list). */
  outcome: AttemptOutcome;
  source: SourceRef[];
}

export type OutcomePlan =
  | 'all-fail'
  | readonly AttemptOutcome[]
  | ((attempt: { index: number; server: ConfigName }) => AttemptOutcome);

export interface ScheduleRequest {
  configs: ScheduleConfigs;
  outcomes: OutcomePlan;
  /** How many attempts to list; defaults to the length of an outcome array, else 12. */
  count?: number;
  epsilonMs?: number;
  start?: BackoffState;
  follow?: Follow;
}

export interface Schedule {
  attempts: ExpectedAttempt[];
  /** Set when the device is expected to stop trying (impl only: backup without server). */
  silentAfter?: { index: number; source: SourceRef[] };
}

function outcomeOf(plan: OutcomePlan, index: number, server: ConfigName): AttemptOutcome {
  if (plan === 'all-fail') return 'fail';
  if (typeof plan === 'function') return plan({ index, server });
  return plan[index] ?? 'fail';
}

/** The expected sequence of attempts for a run that starts with an immediate attempt. */
export function expectedSchedule(req: ScheduleRequest): Schedule {
  const follow = req.follow ?? 'doc';
  const eps = req.epsilonMs ?? 0;
  const count = req.count ?? (Array.isArray(req.outcomes) ? req.outcomes.length : 12);
  let state = req.start ?? bootState;
  const first = outcomeOf(req.outcomes, 0, state.active);
  const attempts: ExpectedAttempt[] = [
    { index: 0, server: state.active, nominalMs: null, windowMs: null, switched: false, afterSession: false, outcome: first, source: cite('impl.backoff.rule') },
  ];
  for (let i = 1; i < count; i++) {
    const prev = attempts[i - 1]!;
    const step = nextAttempt(state, req.configs, prev.outcome, follow);
    if (step.nominalMs === null) return { attempts, silentAfter: { index: i - 1, source: step.source } };
    state = step.state;
    const src = [...step.source, ...cite('impl.backoff.fuzz')];
    attempts.push({
      index: i,
      server: state.active,
      nominalMs: step.nominalMs,
      windowMs: fuzzWindow(step.nominalMs, eps),
      switched: step.switched,
      afterSession: prev.outcome === 'session',
      outcome: outcomeOf(req.outcomes, i, state.active),
      source: dedupe(src),
    });
  }
  return { attempts };
}

export function dedupe(refs: SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.id) && seen.add(r.id));
}
