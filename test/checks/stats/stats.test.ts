/**
 * The statistics of backoff.jitter-distribution against published values, and their
 * false-alarm rate on simulated draws (seeded, bounded loops).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceCritical, binomialHalfCdf } from '../../../harness/checks/stats/binomial.ts';
import { kolmogorovCdf, ksCritical, ksPValue, ksStatistic } from '../../../harness/checks/stats/ks.ts';
import { clusterAlpha, clusterTest } from '../../../harness/checks/stats/repetition.ts';
import { mulberry32 } from '../../../harness/virtual/random.ts';

const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got}, expected ${want} ±${tol}`);

/** Upper bound of a count of rare events: mean + 4 σ (a binomial exceeds it with probability < 1e-4). */
const ceiling = (trials: number, p: number) => trials * p + 4 * Math.sqrt(trials * p * (1 - p));

describe('Kolmogorov–Smirnov, exact', () => {
  it('reproduces the worked example of Marsaglia, Tsang & Wang (2003): K(10, 0.274) = 0.6284796154565043', () => {
    close(kolmogorovCdf(10, 0.274), 0.6284796154565043, 1e-12, 'K(10, 0.274)');
  });

  it('reproduces the two-sided 5 % critical values of Miller (1956, JASA 51, table 1): n 5, 10, 20, 30', () => {
    for (const [n, c] of [[5, 0.56328], [10, 0.40925], [20, 0.29408], [30, 0.24170]] as const) close(ksPValue(n, c), 0.05, 2e-4, `P(D_${n} ≥ ${c})`);
  });

  it('finds a threshold whose computed α is at most the target and close to it', () => {
    for (const n of [5, 20, 70]) {
      const { threshold, alpha } = ksCritical(n, 0.001);
      assert.ok(alpha <= 0.001 && alpha > 0.00099, `n ${n}: α ${alpha}`);
      assert.ok(ksPValue(n, threshold - 1e-4) > 0.001, `n ${n}: threshold ${threshold} is not the smallest`);
    }
  });

  it('measures D: the largest gap between the empirical and the uniform CDF', () => {
    assert.equal(ksStatistic([0.5]), 0.5);
    close(ksStatistic([0.1, 0.2, 0.3, 0.4]), 0.6, 1e-12, 'four low values');
    assert.throws(() => ksStatistic([]), /at least one/);
  });

  it('false-alarms at most at its α on uniform draws (2000 seeded samples of 40, α 0.05)', () => {
    const random = mulberry32(12);
    const { threshold, alpha } = ksCritical(40, 0.05);
    let alarms = 0;
    for (let trial = 0; trial < 2000; trial++) {
      if (ksStatistic(Array.from({ length: 40 }, random)) >= threshold) alarms++;
    }
    assert.ok(alarms <= ceiling(2000, alpha), `${alarms} alarms in 2000 at α ${alpha}`);
    assert.ok(alarms >= 2000 * alpha - 4 * Math.sqrt(2000 * alpha), `${alarms} alarms: far fewer than α says, the p-value is off`);
  });
});

describe('balance, exact binomial', () => {
  it('sums Binomial(n, ½) exactly: P(X ≤ 2) for n 10 is 56/1024; P(X ≤ 0) for n 20 is 2^-20', () => {
    close(binomialHalfCdf(10, 2), 56 / 1024, 1e-15, 'n 10');
    close(binomialHalfCdf(20, 0), 2 ** -20, 1e-20, 'n 20');
    assert.equal(binomialHalfCdf(5, 5), 1);
  });

  it('gives the largest minority count within α, or nothing when n is too small', () => {
    assert.equal(balanceCritical(10, 0.001), undefined, '2/1024 > 0.001');
    // n 11: all on one side has probability 2/2048 ≈ 0.00098.
    const eleven = balanceCritical(11, 0.001)!;
    assert.equal(eleven.maxMinority, 0);
    close(eleven.alpha, 2 / 2048, 1e-15, 'n 11');
    const c = balanceCritical(70, 0.001)!;
    assert.ok(c.alpha <= 0.001 && 2 * binomialHalfCdf(70, c.maxMinority + 1) > 0.001);
  });
});

describe('cluster test of replayed draws', () => {
  it('bounds a cluster of s among R by R·C(R−1, s−1)·p^(s−1)', () => {
    close(clusterAlpha(10, 3, 0.01), 10 * 36 * 1e-4, 1e-12, 'R 10, s 3');
    assert.equal(clusterAlpha(3, 4, 0.1), 0);
  });

  it('fails identical draws and passes fresh ones', () => {
    const replayed = Array.from({ length: 12 }, () => ({ value: 0.3141, error: 0.00125 }));
    const t = clusterTest(replayed, 0.002, 0.001);
    assert.equal(t.largestCluster, 12);
    assert.ok(t.threshold !== undefined && t.largestCluster >= t.threshold && t.alpha! <= 0.001);
    const random = mulberry32(3);
    const fresh = clusterTest(Array.from({ length: 12 }, () => ({ value: random(), error: 0.00125 })), 0.002, 0.001);
    assert.ok(fresh.largestCluster < fresh.threshold!, `fresh draws: cluster ${fresh.largestCluster}`);
  });

  it('says it cannot judge when no cluster size reaches α', () => {
    assert.equal(clusterTest([{ value: 0.5, error: 0 }, { value: 0.5, error: 0 }], 0.002, 0.001).threshold, undefined);
  });

  it('false-alarms at most at its α on fresh draws (2000 seeded sets of 20, α 0.05)', () => {
    const random = mulberry32(99);
    let alarms = 0;
    let alpha = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const t = clusterTest(Array.from({ length: 20 }, () => ({ value: Math.floor(random() * 400) / 400 + 0.5 / 400, error: 0.5 / 400 })), 0.002, 0.05);
      alpha = t.alpha!;
      if (t.largestCluster >= t.threshold!) alarms++;
    }
    assert.ok(alpha <= 0.05);
    assert.ok(alarms <= ceiling(2000, alpha), `${alarms} alarms in 2000 at α ${alpha}`);
  });
});
