import type { Personality } from './personality.ts';

export const jitterOnlyAdds: Personality = {
  name: 'jitter-only-adds',
  description: 'Breaks the symmetry of the ±10 % fuzz: every delay is drawn from [nominal, 1.1 × nominal], so the fuzz only ever adds time (each delay still lies within ±10 %).',
  fuzzedDelayMs: ({ nominalMs, random }) => Math.trunc(nominalMs + random() * 0.1 * nominalMs),
};
