/**
 * backoff.jitter-distribution: the delays of a scenario as fuzz fractions (delay-samples),
 * and the run-level judgement of the pooled fractions. Simulated boards draw as the
 * library does (mgos_mqtt_conn.c, mgos_mqtt_conn_reconnect: `(int) mgos_rand_range(0.9·rt,
 * 1.1·rt)`, i.e. truncated 0.9·rt + U·0.2·rt) with a seeded generator.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { delaySamples, fuzzFraction } from '../../harness/checks/backoff/delay-samples.ts';
import { ALPHA_PER_TEST, judgeJitterDistribution, type PooledDelay, run } from '../../harness/checks/backoff/jitter-distribution.ts';
import { observe } from '../../harness/checks/observe/observation.ts';
import { type Random, mulberry32 } from '../../harness/virtual/random.ts';
import { assertNothingToJudge } from './assert-verdict.ts';
import { attempts, playAttempts, TimelineBuilder } from './builders.ts';

/** The default schedule after a restart (mqtt-client-behaviour.md: 2, 4, 8, 16, 32, 60 s). */
const SCHEDULE_MS = [2000, 4000, 8000, 16000, 32000, 60000];

type Fuzz = (nominalMs: number, random: Random) => number;
const faithfulFuzz: Fuzz = (n, r) => Math.trunc(0.9 * n + r() * 0.2 * n);
const onlyAdds: Fuzz = (n, r) => Math.trunc(n + r() * 0.1 * n);

/** A run of `restarts` schedule restarts, each `perRestart` delays long, logged. */
function simulatedRun(restarts: number, perRestart: number, fuzz: Fuzz, randomAt: (restart: number) => Random): PooledDelay[] {
  const out: PooledDelay[] = [];
  for (let r = 0; r < restarts; r++) {
    const random = randomAt(r);
    for (let p = 1; p <= perRestart; p++) {
      const nominalMs = SCHEDULE_MS[(p - 1) % SCHEDULE_MS.length]!;
      const delayMs = fuzz(nominalMs, random);
      out.push({ t: r * 1000 + p, from: 'logged', nominalMs, delayMs, fraction: fuzzFraction(delayMs + 0.5, nominalMs), error: 0.5 / (0.2 * nominalMs), restart: r, position: p, scenario: `s${r}`, restartKey: `s${r}#0` });
    }
  }
  return out;
}

const EPS = () => 50;
const fresh = (seed: number) => {
  const shared = mulberry32(seed);
  return () => shared;
};

describe('delay samples of a scenario', () => {
  it('recovers the draw from a logged delay, to ±0.5 ms of the 0.2·rt range', () => {
    const b = new TimelineBuilder();
    playAttempts(b, attempts('mqtt', [0, 1900, 4400, 8000]));
    const s = delaySamples(observe(b.build()));
    assert.deepEqual(s.map((x) => x.from), ['logged', 'logged', 'logged']);
    // 1900 ms of nominal 2000: U·400 ∈ [100, 101) → 0.25125 ±0.00125.
    assert.equal(s[0]!.fraction, (1900.5 - 1800) / 400);
    assert.equal(s[0]!.error, 0.5 / 400);
    assert.equal(s[1]!.fraction, 1, '4400 is 1.1 × 4000: the top of the range (rand() = RAND_MAX)');
    assert.deepEqual(s.map((x) => x.position), [1, 2, 3]);
  });

  it('starts a new restart after a good session and leaves out delays outside the window', () => {
    const b = new TimelineBuilder();
    playAttempts(b, [
      { server: 'mqtt', delayMs: 0 },
      { server: 'mqtt', delayMs: 2100 },
      { server: 'mqtt', delayMs: 4100, kind: 'session', holdMs: 3000 },
      { server: 'mqtt', delayMs: 1950 },
      { server: 'mqtt', delayMs: 5000 },
    ]);
    const s = delaySamples(observe(b.build()));
    assert.deepEqual(s.map((x) => [x.restart, x.position, x.delayMs]), [[0, 1, 2100], [0, 2, 4100], [1, 1, 1950]], '5000 ms for nominal 4000 is backoff.schedule\'s to fail');
  });
});

describe('backoff.jitter-distribution', () => {
  it('passes a faithful run of 20 restarts × 4 delays, stating each α and the family-wise α', () => {
    const v = judgeJitterDistribution(simulatedRun(20, 4, faithfulFuzz, fresh(7)), EPS);
    assert.equal(v.verdict, 'pass', v.reason);
    assert.match(v.reason, /Kolmogorov–Smirnov.*α = 0\.0000999.*binomial.*α = .*cluster.*α = .*family-wise α ≤ 0\.000[0-2]/);
  });

  it('fails a fuzz that only adds time (uniform in [nominal, 1.1·nominal]), on both fit and balance', () => {
    const v = judgeJitterDistribution(simulatedRun(20, 4, onlyAdds, fresh(7)), EPS);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /Kolmogorov–Smirnov\): D = 0\.50.*balance below\/above nominal \(exact binomial\): 0 below, 80 at or above/s);
  });

  it('fails a generator reseeded identically at every restart: the cluster test sees the repetition', () => {
    const v = judgeJitterDistribution(simulatedRun(20, 4, faithfulFuzz, () => mulberry32(1234)), EPS);
    assert.equal(v.verdict, 'fail', v.reason);
    assert.match(v.reason, /fresh draws at each restart \(cluster test\): delay 1 after a restart: 20 of 20 .*the same fuzz sequence again/);
    // Pooled, 80 delays with 4 distinct values are no uniform sample either.
    assert.match(v.reason, /Kolmogorov–Smirnov/);
  });

  it('catches a replay on the cluster test alone when the pooled values still look uniform (each restart one delay)', () => {
    // 12 restarts with one delay each, all replaying the same draw, among 60 fresh draws of other restarts.
    const replayedFirst = simulatedRun(12, 1, faithfulFuzz, () => mulberry32(1234));
    const others = simulatedRun(60, 1, faithfulFuzz, fresh(5)).map((s) => ({ ...s, restartKey: `o${s.restartKey}` }));
    const v = judgeJitterDistribution([...replayedFirst, ...others], EPS);
    assert.equal(v.verdict, 'fail', v.reason);
    assert.match(v.reason, /^fresh draws at each restart/);
  });

  it('says it cannot judge, not pass, with too few delays for its α', () => {
    const v = judgeJitterDistribution(simulatedRun(2, 4, faithfulFuzz, fresh(7)), EPS);
    assertNothingToJudge(v, /8 delays are too few/);
    assert.match(v.reason, /too few restarts/);
  });

  it('uses a measured gap in the fit only when ε is small next to the fuzz range, and its side only beyond ε', () => {
    const measured = simulatedRun(20, 4, faithfulFuzz, fresh(9)).map((s) => ({ ...s, from: 'measured' as const, error: 300 / (0.2 * s.nominalMs) }));
    const v = judgeJitterDistribution(measured, () => 300);
    // ε 300 ms is 7.5 % of the 4 s range: only the 16 s and longer delays would be known well enough, and there are none.
    assertNothingToJudge(v, /no delay known to ±2 %/);
  });

  it('false-alarms at most at its α on simulated faithful runs (300 seeded runs)', () => {
    let alarms = 0;
    for (let i = 0; i < 300; i++) {
      if (judgeJitterDistribution(simulatedRun(15, 4, faithfulFuzz, fresh(1000 + i)), EPS).verdict === 'fail') alarms++;
    }
    // Family-wise α ≤ 3 × 0.001: 300 runs expect ≤ 0.9; 4 or more has probability < 0.02.
    assert.ok(alarms <= 3, `${alarms} false alarms in 300 runs (α per test ${ALPHA_PER_TEST})`);
  });

  it('has nothing to judge in one scenario: it is a run-level check', () => {
    assertNothingToJudge(run(observe(playAttempts(new TimelineBuilder(), attempts('mqtt', [0, 2000, 4000])).build())), /judged once per run/);
  });
});
