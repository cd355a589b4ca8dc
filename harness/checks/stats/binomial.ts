/**
 * The exact binomial test of balance: of n draws symmetric about a centre, how many fell
 * below it. Under the null the count is Binomial(n, ½).
 */

/** P(X ≤ k) for X ~ Binomial(n, ½), summed exactly in log space (no normal approximation). */
export function binomialHalfCdf(n: number, k: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  let logTerm = -n * Math.LN2; // log C(n, 0) / 2^n
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/**
 * The two-sided test that fails when the smaller side has at most `k` draws: the largest
 * such k with false-alarm probability 2·P(X ≤ k) ≤ `alpha`, and that probability.
 * `undefined` when even k = 0 (all draws on one side) is likelier than `alpha`: too few
 * draws to judge at that α.
 */
export function balanceCritical(n: number, alpha: number): { maxMinority: number; alpha: number } | undefined {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  let best: { maxMinority: number; alpha: number } | undefined;
  for (let k = 0; 2 * k < n; k++) {
    const a = 2 * binomialHalfCdf(n, k);
    if (a > alpha) break;
    best = { maxMinority: k, alpha: a };
  }
  return best;
}
