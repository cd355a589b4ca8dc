/** Periods during which a gate fault was in force on a broker (until the next fault change on that broker). */
import type { BrokerName } from '../../timeline/events.ts';
import type { Observation } from './observation.ts';

export interface FaultWindow {
  broker: BrokerName;
  fault: string;
  from: number;
  to: number;
}

/** The view behind `Observation.faultWindows(fault)`. */
export function observeFaultWindows(obs: Observation, fault: string): FaultWindow[] {
  const faults = obs.input.events.flatMap((e) => (e.kind === 'fault' ? [e] : [])).sort((a, b) => a.t - b.t);
  const end = obs.end;
  return faults.flatMap((f, i) => {
    if (f.fault !== fault) return [];
    const next = faults.slice(i + 1).find((g) => g.broker === f.broker);
    return [{ broker: f.broker, fault, from: f.t, to: next?.t ?? end }];
  });
}

export function inFault(windows: readonly FaultWindow[], broker: string, t: number): boolean {
  return windows.some((w) => w.broker === broker && t >= w.from && t <= w.to);
}
