/**
 * One-sample Kolmogorov–Smirnov test against the uniform distribution on [0, 1], with the
 * exact distribution of D_n for any n (Marsaglia, Tsang & Wang, "Evaluating Kolmogorov's
 * distribution", J. Stat. Software 8(18), 2003: P(D_n < d) as one entry of the n-th power
 * of a (2k−1)-square matrix). Asymptotic formulas are wrong by several per cent at the
 * sample sizes a run gives (5–100), which is why the exact form is used.
 */

/** D_n = sup |F_n(x) − x| of values in [0, 1]. */
export function ksStatistic(values: readonly number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) throw new RangeError('ksStatistic needs at least one value');
  let d = 0;
  xs.forEach((x, i) => {
    d = Math.max(d, (i + 1) / n - x, x - i / n);
  });
  return d;
}

type Matrix = number[][];
const SCALE = 1e140;

function multiply(a: Matrix, b: Matrix): Matrix {
  const m = a.length;
  const out: Matrix = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i]![k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i]![j]! += aik * b[k]![j]!;
    }
  }
  return out;
}

/** The n-th power of `h` as a matrix and a power of ten (entries grow past the double range otherwise). */
function power(h: Matrix, n: number, centre: number): { q: Matrix; exp10: number } {
  if (n === 1) return { q: h, exp10: 0 };
  const half = power(h, Math.floor(n / 2), centre);
  let q = multiply(half.q, half.q);
  let exp10 = 2 * half.exp10;
  if (n % 2 === 1) q = multiply(h, q);
  if (q[centre]![centre]! > SCALE) {
    q = q.map((row) => row.map((x) => x / SCALE));
    exp10 += 140;
  }
  return { q, exp10 };
}

/** P(D_n < d) for n uniform draws (Kolmogorov's distribution, exact). */
export function kolmogorovCdf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sample size must be a positive integer, got ${n}`);
  if (d <= 0) return 0;
  if (d >= 1) return 1;
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const H: Matrix = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i - j + 1 >= 0 ? 1 : 0)));
  for (let i = 0; i < m; i++) {
    H[i]![0]! -= h ** (i + 1);
    H[m - 1]![i]! -= h ** (m - i);
  }
  if (2 * h - 1 > 0) H[m - 1]![0]! += (2 * h - 1) ** m;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let f = 1;
      for (let g = 2; g <= i - j + 1; g++) f *= g;
      if (i - j + 1 > 0) H[i]![j]! /= f;
    }
  }
  const { q, exp10 } = power(H, n, k - 1);
  // P = n!/n^n · Q[k−1][k−1] · 10^exp10, multiplied in step by step to stay in range.
  let s = q[k - 1]![k - 1]!;
  let e = exp10;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1 / SCALE) {
      s *= SCALE;
      e -= 140;
    }
  }
  return Math.min(1, Math.max(0, s * 10 ** e));
}

/** P(D_n ≥ d) under the null: the p-value of an observed D. */
export function ksPValue(n: number, d: number): number {
  return 1 - kolmogorovCdf(n, d);
}

/**
 * The smallest threshold c (to 1e-5) with P(D_n ≥ c) ≤ `alpha`, and that probability: a
 * test failing when D_n ≥ c has false-alarm probability `alpha` as computed here.
 */
export function ksCritical(n: number, alpha: number): { threshold: number; alpha: number } {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const key = `${n}:${alpha}`;
  const known = criticalCache.get(key);
  if (known) return known;
  const found = searchCritical(n, alpha);
  criticalCache.set(key, found);
  return found;
}

// A run asks for the same few (n, α) again and again; each search is ~40 matrix powers.
const criticalCache = new Map<string, { threshold: number; alpha: number }>();

function searchCritical(n: number, alpha: number): { threshold: number; alpha: number } {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40 && hi - lo > 1e-6; i++) {
    const mid = (lo + hi) / 2;
    if (ksPValue(n, mid) <= alpha) hi = mid;
    else lo = mid;
  }
  const threshold = Math.ceil(hi * 1e5) / 1e5;
  return { threshold, alpha: ksPValue(n, threshold) };
}
