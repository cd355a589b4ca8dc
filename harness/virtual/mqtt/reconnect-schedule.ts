/**
 * The reconnect schedule (mqtt-client-behaviour.md, "Reconnect schedule"), as a pure
 * function: from `rt`, the active config and both config sections to the next `rt`, the
 * config to use, and the fuzzed delay. Rule numbers below are the spec's.
 */
import type { MqttSection } from '../../contract/mqtt-config.ts';
import type { BoundHooks } from '../personalities/booted.ts';
import type { AttemptEnd } from './attempt-end.ts';
import { type ConfigName, otherConfig } from './types.ts';

export interface ScheduleInput {
  rt: number;
  active: ConfigName;
  sections: Readonly<Record<ConfigName, MqttSection>>;
  failedAttemptsOnActive: number;
  random: () => number;
  /** How the attempt this reconnect follows ended. */
  lastEnd: AttemptEnd;
}

export interface SchedulePlan {
  active: ConfigName;
  switched: boolean;
  /** The new nominal delay, ms (the library's `rt`). */
  rt: number;
  /** The delay printed in `connecting after N ms`, ms (integer). */
  loggedMs: number;
  /** The delay the timer is armed with, ms (integer; the logged one on a faithful board). */
  delayMs: number;
}

// The library keeps rt in a C int: fractional seconds × 1000 are truncated.
const ms = (seconds: number): number => Math.trunc(seconds * 1000);

export function planReconnect(input: ScheduleInput, personality: BoundHooks): SchedulePlan {
  let { rt, active } = input;
  const { lastEnd } = input;
  const other = otherConfig(active);

  // Rule 1: failover. An enabled backup without a server is not a usable "other config":
  // the library switches to it anyway and then never connects again; the reference model
  // follows the doc ("keeps that connection alive") and keeps trying the primary. The
  // library's behaviour is the personality lib-silent-without-backup-server.
  const maxBefore = ms(input.sections[active].reconnect_timeout_max);
  const otherEnabled = other === 'mqtt1' ? input.sections.mqtt1.enable : input.sections.mqtt.enable;
  const otherHasServer = input.sections[other].server !== '';
  const faithfulSwitch = rt >= maxBefore && otherEnabled && otherHasServer;
  const doSwitch =
    personality.shouldSwitchConfig?.(
      { rt, active, maxMs: maxBefore, otherEnabled, otherHasServer, failedAttemptsOnActive: input.failedAttemptsOnActive, lastEnd },
      faithfulSwitch,
    ) ?? faithfulSwitch;
  if (doSwitch && otherEnabled) {
    active = other;
    rt = ms(input.sections[active].reconnect_timeout_min);
  }

  // Rules 2 and 3, with the active config's bounds.
  const minMs = ms(input.sections[active].reconnect_timeout_min);
  const maxMs = ms(input.sections[active].reconnect_timeout_max);
  let doubled = (rt <= 0 ? 1000 : rt) * 2;
  if (doubled < minMs) doubled = minMs;
  if (doubled > maxMs) doubled = maxMs;
  const nominal = Math.trunc(personality.nominalDelayMs?.({ rt, minMs, maxMs, lastEnd }, doubled) ?? doubled);

  // Rule 4: fuzz uniformly within ±10 %, truncated to whole ms.
  const fuzzed = Math.trunc(nominal * 0.9 + input.random() * nominal * 0.2);
  const loggedMs = Math.max(0, Math.trunc(personality.fuzzedDelayMs?.({ nominalMs: nominal, random: input.random, lastEnd }, fuzzed) ?? fuzzed));
  // The firmware logs the delay and arms the timer from separate statements: a board may
  // wait other than it says, which only the gate's measurement shows.
  const waitCtx = { nominalMs: nominal, loggedMs, drawnMs: fuzzed, lastEnd };
  const delayMs = Math.max(0, Math.trunc(personality.waitedDelayMs?.(waitCtx, loggedMs) ?? loggedMs));

  return { active, switched: active !== input.active, rt: nominal, loggedMs, delayMs };
}
