/**
 * What the harness measured of its own timing decides how far its timing verdicts can be
 * trusted. ε of the windows grows by the worst lateness of the harness's (and a virtual
 * board's) event loop during the scenario (every stamp can be that late); past a limit the host was too
 * loaded to measure at all, and the timing checks say so instead of failing a board for
 * the harness's own lateness — a verdict that is not a pass, so the run is not a pass.
 */
import type { CheckId, Verdict } from './input.ts';

/** Harness lateness (wall ms) beyond which timing is not judged. */
export const OVERLOAD_LAG_MS = 250;

/** The checks whose verdict rests on measured times. */
export const TIMING_CHECKS: ReadonlySet<CheckId> = new Set<CheckId>([
  'backoff.schedule',
  'backoff.jitter',
  'backoff.reset-after-connack',
  'failover.to-backup',
  'failover.stays-on-backup',
  'failover.back-to-primary',
  'failover.backup-without-server',
  'connect.auth-refused',
  'connect.require-time',
  'keepalive.ping',
  'keepalive.silent-broker',
]);

/**
 * ε in device ms with the measured lateness added: the board's own ε is what its timing
 * varies by on a quiet host; on a busy one every stamp (and a virtual board's timer) may
 * be later by the lateness measured, so the two add. (Taking the larger of the two was
 * tried first: a gap 771 device ms off its logged delay against ε 746 on a loaded host.)
 */
export function epsilonForLag(epsilonMs: number, lagWallMs: number, timeScale: number): number {
  return epsilonMs + Math.ceil(lagWallMs * timeScale);
}

/**
 * Harness ms within which two stamps of one moment, from the serial line and the gate, may
 * fall apart: 50 ms on a quiet host (a line crosses the serial link in a few ms), widened
 * by twice the lag measured during the scenario.
 */
export function settleMs(hostLagMs: number | undefined): number {
  return 50 + 2 * (hostLagMs ?? 0);
}

const OVERLOADED = 'not judged: host overloaded';

/** A timing verdict on an overloaded host becomes "not judged" (skip) with the measured lag. */
export function unjudgedWhenOverloaded(v: Verdict, hostLagMs: number | undefined): Verdict {
  if (hostLagMs === undefined || hostLagMs <= OVERLOAD_LAG_MS || !TIMING_CHECKS.has(v.id) || v.verdict === 'skip') return v;
  return { ...v, verdict: 'skip', reason: `${OVERLOADED} (lag ${Math.round(hostLagMs)} ms, over ${OVERLOAD_LAG_MS} ms); the verdict would have been ${v.verdict}: ${v.reason}` };
}

/** Whether a verdict is one `unjudgedWhenOverloaded` made: the host, not the board, kept it from being judged. */
export function isOverloadedSkip(v: Pick<Verdict, 'verdict' | 'reason'>): boolean {
  return v.verdict === 'skip' && v.reason.startsWith(OVERLOADED);
}
