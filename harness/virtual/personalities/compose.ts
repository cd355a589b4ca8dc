/**
 * Combines several personalities into one, like a chain of toxics: for each hook, the
 * first personality gets the faithful answer, the next one gets the first one's answer,
 * and so on. The order matters only when two personalities claim the same hook. Each
 * part keeps its own RAM: the composed RAM is the list of the parts' RAMs.
 */
import { faithful } from './faithful.ts';
import { type Personality, personalityHookNames } from './personality.ts';

type AnyHook = (ctx: unknown, previous: unknown, ram: unknown) => unknown;
type AnyEvent = (ctx: unknown, ram: unknown) => unknown;

export function composePersonalities(parts: readonly Personality[]): Personality {
  if (parts.length === 0) return faithful;
  if (parts.length === 1) return parts[0]!;
  const ramOf = (ram: unknown, i: number): unknown => (Array.isArray(ram) ? ram[i] : undefined);
  const composed: Record<string, unknown> = {
    name: parts.map((p) => p.name).join('+'),
    description: parts.map((p) => `${p.name}: ${p.description}`).join(' '),
  };
  if (parts.some((p) => p.onBoot !== undefined)) {
    composed.onBoot = (ctx: unknown) => parts.map((p) => (p.onBoot as AnyEvent | undefined)?.call(p, ctx, undefined));
  }
  if (parts.some((p) => p.onAttemptEnd !== undefined)) {
    composed.onAttemptEnd = (ctx: unknown, ram: unknown) => {
      parts.forEach((p, i) => {
        (p.onAttemptEnd as AnyEvent | undefined)?.call(p, ctx, ramOf(ram, i));
      });
    };
  }
  for (const hook of personalityHookNames) {
    const chain = parts.map((p, i) => ({ p, i })).filter(({ p }) => p[hook] !== undefined);
    if (chain.length === 0) continue;
    composed[hook] = (ctx: unknown, faithfulAnswer: unknown, ram: unknown) =>
      chain.reduce((answer, { p, i }) => (p[hook] as AnyHook).call(p, ctx, answer, ramOf(ram, i)), faithfulAnswer);
  }
  return composed as unknown as Personality;
}
