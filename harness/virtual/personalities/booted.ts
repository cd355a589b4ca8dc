/**
 * A personality as it runs on one boot of the virtual board: `onBoot` has made its RAM,
 * and every hook is bound to that RAM, so the client (and the pure helpers it hands the
 * hooks to) call them as `(ctx, faithful)`. The client makes a new one at every boot, so
 * nothing a personality keeps outlives a reboot.
 */
import type { AttemptEnd } from '../mqtt/attempt-end.ts';
import { type BootContext, type Personality, type PersonalityHookName, personalityHookNames } from './personality.ts';

type AnyHook = (ctx: unknown, previous: unknown, ram: unknown) => unknown;
type Hook<K extends PersonalityHookName> = NonNullable<Personality[K]>;

/** A personality's decision hooks with its RAM bound: each is called as `(ctx, faithful)`. */
export type BoundHooks = { readonly name: string; readonly description: string } & {
  readonly [K in PersonalityHookName]?: (ctx: Parameters<Hook<K>>[0], faithful: Parameters<Hook<K>>[1]) => ReturnType<Hook<K>>;
};

export interface BootedPersonality {
  /** The hooks, bound to this boot's RAM. */
  readonly hooks: BoundHooks;
  /** Tells the personality that an attempt or session ended. */
  attemptEnded(ctx: { end: AttemptEnd; rt: number }): void;
}

export function bootPersonality(p: Personality, ctx: BootContext): BootedPersonality {
  const ram = p.onBoot?.(ctx);
  const hooks: Record<string, unknown> = { name: p.name, description: p.description };
  for (const hook of personalityHookNames) {
    const fn = p[hook] as AnyHook | undefined;
    if (fn !== undefined) hooks[hook] = (c: unknown, faithful: unknown) => fn.call(p, c, faithful, ram);
  }
  return {
    hooks: hooks as BoundHooks,
    attemptEnded: (c) => p.onAttemptEnd?.(c, ram),
  };
}
