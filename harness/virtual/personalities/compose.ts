/**
 * Combines several personalities into one, like a chain of toxics: for each hook, the
 * first personality gets the faithful answer, the next one gets the first one's answer,
 * and so on. The order matters only when two personalities claim the same hook.
 */
import { faithful } from './faithful.ts';
import { type Personality, personalityHookNames } from './personality.ts';

type AnyHook = (ctx: unknown, previous: unknown) => unknown;

export function composePersonalities(parts: readonly Personality[]): Personality {
  if (parts.length === 0) return faithful;
  if (parts.length === 1) return parts[0]!;
  const composed: Record<string, unknown> = {
    name: parts.map((p) => p.name).join('+'),
    description: parts.map((p) => `${p.name}: ${p.description}`).join(' '),
  };
  for (const hook of personalityHookNames) {
    const chain = parts.filter((p) => p[hook] !== undefined);
    if (chain.length === 0) continue;
    composed[hook] = (ctx: unknown, faithfulAnswer: unknown) =>
      chain.reduce((answer, p) => (p[hook] as AnyHook).call(p, ctx, answer), faithfulAnswer);
  }
  return composed as unknown as Personality;
}
