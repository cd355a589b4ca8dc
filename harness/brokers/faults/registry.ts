/**
 * The faults by name, and the schemas the control API, the CLI and fault plans validate
 * input with. A fault setting is one spec (`{"fault":"connack","code":5}`) or a chain
 * of them applied in order (`[{"fault":"delay","ms":500},{"fault":"qos0-only"}]`).
 */
import * as z from 'zod';
import { acceptFault } from './accept.ts';
import { blackholeFault } from './blackhole.ts';
import { closedFault } from './closed.ts';
import { connackFault } from './connack.ts';
import { delayFault } from './delay.ts';
import { dropFault } from './drop.ts';
import type { Fault } from './fault.ts';
import { qos0OnlyFault } from './qos0-only.ts';
import { refuseRstFault } from './refuse-rst.ts';
import { withholdPubackFault } from './withhold-puback.ts';
import { withholdPubrecFault } from './withhold-pubrec.ts';
import { segmentFault } from './segment.ts';
import { malformedFault } from './malformed.ts';

export const faultDefinitions = [
  acceptFault,
  refuseRstFault,
  closedFault,
  connackFault,
  dropFault,
  delayFault,
  blackholeFault,
  qos0OnlyFault,
  withholdPubackFault,
  withholdPubrecFault,
  segmentFault,
  malformedFault,
] as const;

export const faultNames = faultDefinitions.map((d) => d.name);
export type FaultName = (typeof faultDefinitions)[number]['name'];

/** Each definition's spec, in the list's order: the faults are registered once, above. */
type SpecsOf<D extends readonly { spec: unknown }[]> = { -readonly [I in keyof D]: D[I]['spec'] };
export const faultSpec = z.discriminatedUnion('fault', faultDefinitions.map((d) => d.spec) as SpecsOf<typeof faultDefinitions>);
/** A validated spec (defaults filled in). */
export type FaultSpec = z.output<typeof faultSpec>;
/** A spec as written by a caller (defaults may be left out). */
export type FaultSpecInput = z.input<typeof faultSpec>;

const faultChain = z.array(faultSpec).min(1);
export const faultSetting = z.union([faultSpec, faultChain]);
export type FaultSettingInput = FaultSpecInput | FaultSpecInput[];

/** Thrown for a fault setting that does not validate; the message names the path. */
export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

/** Validates a setting (one spec or a chain) into a chain. Unknown names are listed with the known ones. */
export function parseFaultSetting(input: unknown): FaultSpec[] {
  const items = Array.isArray(input) ? input : [input];
  items.forEach((item, index) => {
    const name = (item as { fault?: unknown } | null)?.fault;
    if (typeof name === 'string' && !faultNames.includes(name as FaultName)) {
      const where = Array.isArray(input) ? ` at [${index}].fault` : ' at fault';
      throw new FaultSpecError(`unknown fault "${name}"${where}; known faults: ${faultNames.join(', ')}`);
    }
  });
  // One schema per shape, so errors carry the path ("at [1].code") rather than a bare union failure.
  const parsed = Array.isArray(input) ? faultChain.safeParse(input) : faultSpec.safeParse(input);
  if (!parsed.success) throw new FaultSpecError(`invalid fault setting:\n${z.prettifyError(parsed.error)}`);
  const chain: FaultSpec[] = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  // `accept` is the empty chain: it adds nothing when combined with other faults.
  return chain.filter((spec) => spec.fault !== 'accept');
}

export function createFault(spec: FaultSpec): Fault {
  const definition = faultDefinitions.find((d) => d.name === spec.fault);
  if (!definition) throw new FaultSpecError(`unknown fault "${spec.fault}"; known faults: ${faultNames.join(', ')}`);
  return (definition.create as (s: FaultSpec) => Fault)(spec);
}

/**
 * The params of a fault that are durations. The gate works in wall ms (its clock is the
 * host's); a scenario speaks device ms. `inWallTime` converts a setting given in device
 * time, so a `drop` after 2 s of device time cuts after 2 s of the board's time at any scale.
 */
const DURATION_PARAMS = ['ms', 'maxMs', 'afterMs'] as const;

export function inWallTime(setting: FaultSettingInput, toWallMs: (deviceMs: number) => number): FaultSettingInput {
  const convert = (spec: FaultSpecInput): FaultSpecInput => {
    const out: Record<string, unknown> = { ...spec };
    for (const key of DURATION_PARAMS) if (typeof out[key] === 'number') out[key] = toWallMs(out[key] as number);
    return out as FaultSpecInput;
  };
  return Array.isArray(setting) ? setting.map(convert) : convert(setting);
}
