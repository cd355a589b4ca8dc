import { mulberry32, type Random } from '../random.ts';
import type { Personality } from './personality.ts';

/** The same seed at every restart, in every process: a generator reseeded with a constant. */
const REPLAYED_SEED = 0x5eed;

/**
 * The schedule restarts when `rt` is at or below 0 as the next delay is planned: the
 * first failure after a boot, after a good session (CONNACK 0 resets rt) and after an
 * explicit connect. Each restart reseeds, so the same fuzz sequence follows every time.
 */
function replayed(): Personality {
  let draw: Random = mulberry32(REPLAYED_SEED);
  return {
    name: 'jitter-replayed',
    description: 'Breaks the freshness of the fuzz: the random sequence restarts identically after every good session and at every boot, so every schedule restart waits the same fuzzed delays (each one uniform within ±10 %).',
    nominalDelayMs: ({ rt }, faithful) => {
      if (rt <= 0) draw = mulberry32(REPLAYED_SEED);
      return faithful;
    },
    fuzzedDelayMs: ({ nominalMs }) => Math.trunc(nominalMs * 0.9 + draw() * nominalMs * 0.2),
  };
}

export const jitterReplayed: Personality = replayed();
