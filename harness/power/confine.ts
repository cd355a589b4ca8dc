/**
 * A confined kill matrix: each personality runs only the scenarios that judge the checks it
 * must fail (read from the spec files' `scenario.verifying([...])`, as `hil qualify --check`
 * does), the faithful board runs them all. A deviation is shown where the checks concerned
 * with it look; the faithful board's whole qualification is what finds false alarms. Run on
 * every scenario (`--all-scenarios`), the matrix also shows which other scenarios see each
 * deviation, at twenty times the cost.
 */
import type { CheckId } from '../checks/input.ts';
import { checkGrep, type JudgingScenario } from '../runner/check-scenarios.ts';
import type { Kill } from './expected-kills.ts';

/**
 * A check judged over a whole run rather than in a scenario of its own: the scenarios that
 * give it its evidence. The pooled fuzz (backoff.jitter-distribution) is drawn from every
 * reconnect delay, which the schedule's own scenarios provide in number.
 */
const EVIDENCE_FROM: Partial<Record<CheckId, readonly CheckId[]>> = {
  'backoff.jitter-distribution': ['backoff.schedule', 'backoff.jitter', 'backoff.reset-after-connack'],
};

/** The checks whose scenarios show a personality's deviation: those it must fail, with the run-level ones' sources. */
export function confiningChecks(kill: Kill): CheckId[] {
  return [...new Set(kill.fails.flatMap((id) => [id, ...(EVIDENCE_FROM[id] ?? [])]))];
}

/**
 * The `--grep` that confines a personality's board, or undefined where it runs every
 * scenario: the faithful board (it looks for false alarms everywhere) and a personality
 * with no recorded expectation (a lab's own module: nothing says where it would show).
 */
export function confinedScenarios(personality: string, kill: Kill | undefined, scenarios: readonly JudgingScenario[]): string | undefined {
  if (personality === 'faithful' || kill === undefined || kill.fails.length === 0) return undefined;
  return checkGrep(confiningChecks(kill), scenarios, () => '');
}
