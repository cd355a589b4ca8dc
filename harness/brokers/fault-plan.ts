/**
 * A fault plan: "at t = 10 s set the primary to closed; at 25 s back to accept", applied
 * relative to a start time on the monotonic clock, cancellable at any moment. One timer
 * at a time; cancelling clears it.
 */
import * as z from 'zod';
import { type MonoMs, now } from '../clock.ts';
import { type BrokerName, brokerName } from '../timeline/events.ts';
import type { Timeline } from '../timeline/timeline.ts';
import { type FaultSettingInput, FaultSpecError, parseFaultSetting } from './faults/registry.ts';

export const faultPlanStep = z.strictObject({
  /** Milliseconds after the plan's start. */
  at: z.number().min(0),
  broker: brokerName,
  /** One fault spec or a chain; checked by the fault registry (parseFaultSetting). */
  fault: z.unknown(),
});
export const faultPlan = z.array(faultPlanStep);
export type FaultPlanStep = Omit<z.input<typeof faultPlanStep>, 'fault'> & { fault: FaultSettingInput };

export interface FaultPlanTarget {
  broker(name: BrokerName): { setFault(setting: unknown): Promise<unknown> };
}

export interface FaultPlanOptions {
  /** Monotonic time the `at` offsets count from (default: now). */
  start?: MonoMs;
  timeline?: Timeline;
}

export interface PlanOutcome {
  applied: number;
  cancelled: boolean;
}

export interface RunningPlan {
  readonly start: MonoMs;
  /** Resolves when the last step is applied or the plan is cancelled; rejects if a step fails. */
  readonly done: Promise<PlanOutcome>;
  cancel(): void;
}

export class FaultPlanError extends Error {
  override name = 'FaultPlanError';
}

/** Validates the plan (errors name the step's path) and starts it. */
export function startFaultPlan(target: FaultPlanTarget, input: unknown, options: FaultPlanOptions = {}): RunningPlan {
  const parsed = faultPlan.safeParse(input);
  if (!parsed.success) throw new FaultPlanError(`invalid fault plan:\n${z.prettifyError(parsed.error)}`);
  const steps = [...parsed.data].sort((a, b) => a.at - b.at);
  parsed.data.forEach((step, index) => {
    try {
      parseFaultSetting(step.fault);
    } catch (err) {
      if (err instanceof FaultSpecError) throw new FaultPlanError(`invalid fault plan: step [${index}].fault: ${err.message}`);
      throw err;
    }
  });
  const clock = () => options.timeline?.now() ?? now();
  const start = options.start ?? clock();
  let timer: NodeJS.Timeout | undefined;
  let next = 0;
  let cancelled = false;
  let settle!: (outcome: PlanOutcome) => void;
  let fail!: (err: Error) => void;
  const done = new Promise<PlanOutcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });

  const schedule = (): void => {
    if (cancelled) return;
    const step = steps[next];
    if (!step) {
      settle({ applied: next, cancelled: false });
      return;
    }
    timer = setTimeout(run, Math.max(0, start + step.at - clock()));
  };
  const run = (): void => {
    timer = undefined;
    const step = steps[next]!;
    // Node's timers count from the event loop's cached time and can fire up to a
    // millisecond before the monotonic clock says the step is due: wait out the rest.
    const early = start + step.at - clock();
    if (early > 0) {
      timer = setTimeout(run, Math.ceil(early));
      return;
    }
    next++;
    target
      .broker(step.broker)
      .setFault(step.fault)
      .then(schedule, (err: Error) => {
        cancelled = true;
        fail(new FaultPlanError(`fault plan step at ${step.at} ms on ${step.broker} failed: ${err.message}`));
      });
  };
  schedule();
  return {
    start,
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      settle({ applied: next, cancelled: true });
    },
  };
}
