/**
 * The virtual board's only source of randomness: a small seeded PRNG (mulberry32), so a
 * run with the same seed draws the same reconnect fuzz and is reproducible.
 */
export type Random = () => number;

/** Returns a generator of floats in [0, 1) determined entirely by `seed` (a 32-bit integer). */
export function mulberry32(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`PRNG seed must be a finite number, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
