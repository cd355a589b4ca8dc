/**
 * Is a random sequence started afresh, or replayed? The draws at one position of several
 * restarts of a sequence (the first fuzz after each boot, after each good session …) are
 * independent uniforms on a fresh generator; a replayed generator gives the same value
 * every time. The test looks for a cluster: one draw with many others "nearly" equal to it.
 *
 * Each value is known only to ±`error` (a logged delay is a whole number of ms). Two
 * values count as near when they differ by at most `tolerance` plus both errors. Under the
 * null, given any one draw, another lies that near with probability at most
 * p = 2·(tolerance + 2·maxError) (an interval of that half-width around it; their true
 * values may differ by the errors once more). Draws are independent, so a given draw and
 * s − 1 given others are all near it with probability ≤ p^(s−1); over every choice of the
 * centre and of the others (a union bound, valid whatever the overlap between choices),
 * a cluster of size ≥ s has probability ≤ R·C(R−1, s−1)·p^(s−1) among R draws.
 */
export interface Draw {
  value: number;
  /** Half-width of what `value` is known to. */
  error: number;
}

export interface ClusterTest {
  draws: number;
  /** Largest number of draws near one of them (itself included). */
  largestCluster: number;
  /** The cluster size at which the test fails, undefined when no size reaches `alpha`. */
  threshold?: number;
  /** P(a cluster ≥ threshold) under the null, bounded as above; undefined with `threshold`. */
  alpha?: number;
  /** Per-pair probability of being near under the null. */
  pNear: number;
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** The bound R·C(R−1, s−1)·p^(s−1) on a cluster of size ≥ s among R draws. */
export function clusterAlpha(draws: number, size: number, pNear: number): number {
  if (size < 2 || size > draws) return size <= 1 ? 1 : 0;
  return Math.min(1, Math.exp(Math.log(draws) + logChoose(draws - 1, size - 1) + (size - 1) * Math.log(pNear)));
}

export function clusterTest(draws: readonly Draw[], tolerance: number, alpha: number): ClusterTest {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const maxError = Math.max(0, ...draws.map((d) => d.error));
  const pNear = Math.min(1, 2 * (tolerance + 2 * maxError));
  let largestCluster = draws.length > 0 ? 1 : 0;
  for (const c of draws) {
    const near = draws.filter((d) => Math.abs(d.value - c.value) <= tolerance + c.error + d.error).length;
    largestCluster = Math.max(largestCluster, near);
  }
  const out: ClusterTest = { draws: draws.length, largestCluster, pNear };
  for (let s = 2; s <= draws.length; s++) {
    const a = clusterAlpha(draws.length, s, pNear);
    if (a <= alpha) {
      out.threshold = s;
      out.alpha = a;
      break;
    }
  }
  return out;
}
