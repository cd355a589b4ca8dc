/**
 * Tolerances that follow the harness's own measured lateness, and "not judged" instead of
 * a false failure when the host was too loaded to measure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epsilonForLag, OVERLOAD_LAG_MS } from '../../harness/checks/host-load.ts';
import { judgeScenario } from '../../harness/checks/registry.ts';
import { HostLag } from '../../harness/time/host-lag.ts';
import { attempts, fuzzed, playAttempts, TimelineBuilder } from './builders.ts';

/** A schedule that grows without the 60 s cap: backoff.schedule fails it. */
function uncapped(hostLagMs?: number) {
  const input = playAttempts(new TimelineBuilder(), attempts('mqtt', fuzzed([0, 2, 4, 8, 16, 32, 64, 128]))).build();
  return hostLagMs === undefined ? input : { ...input, board: { ...input.board, hostLagMs } };
}

describe('host load', () => {
  it('ε grows by the measured lag, scaled to device time', () => {
    assert.equal(epsilonForLag(300, 0, 10), 300);
    assert.equal(epsilonForLag(300, 5, 10), 350);
    assert.equal(epsilonForLag(600, 37.3, 20), 1346);
    assert.equal(epsilonForLag(150, 62.3, 1), 213);
  });

  it('a timing failure on an overloaded host is "not judged" with the lag; below the limit it stands', () => {
    const loaded = judgeScenario(['backoff.schedule'], uncapped(OVERLOAD_LAG_MS + 150))[0]!;
    assert.equal(loaded.verdict, 'skip');
    assert.match(loaded.reason, /^not judged: host overloaded \(lag 400 ms, over 250 ms\); the verdict would have been fail/);
    assert.equal(judgeScenario(['backoff.schedule'], uncapped(40))[0]!.verdict, 'fail');
    assert.equal(judgeScenario(['backoff.schedule'], uncapped())[0]!.verdict, 'fail');
  });

  it('the monitor sees the event loop blocked', async () => {
    const lag = new HostLag();
    lag.reset();
    await new Promise((r) => setTimeout(r, 30));
    const until = Date.now() + 120;
    while (Date.now() < until) {
      // block the loop: the sampling timer cannot run
    }
    await new Promise((r) => setTimeout(r, 30));
    const sample = lag.sample();
    lag.stop();
    assert.ok(sample.maxMs >= 80, `max lag ${sample.maxMs} ms after blocking 120 ms`);
  });
});
