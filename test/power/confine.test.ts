/** The confined kill matrix: which scenarios a personality's board runs (harness/power/confine.ts). */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { confinedScenarios, confiningChecks } from '../../harness/power/confine.ts';
import { expectedKills } from '../../harness/power/expected-kills.ts';
import { judgingScenarios, type JudgingScenario } from '../../harness/runner/check-scenarios.ts';

const scenarios: JudgingScenario[] = [
  { file: 'backoff.spec.ts', titlePattern: 'primary refuses', checks: ['backoff.schedule', 'backoff.jitter'] },
  { file: 'failover.spec.ts', titlePattern: 'primary down', checks: ['failover.to-backup'] },
  { file: 'failover.spec.ts', titlePattern: 'back to primary', checks: ['failover.back-to-primary', 'backoff.schedule'] },
  { file: 'qos.spec.ts', titlePattern: 'cap', checks: ['qos.publish-downgrade'] },
];
// How Playwright matches a grep: "project file describe title @tags".
const title = (file: string, name: string) => `01-board ${file} suite ${name}`;

test('a personality runs the scenarios that judge a check it must fail, and no other', () => {
  const grep = new RegExp(confinedScenarios('no-failover', { fails: ['failover.to-backup'] }, scenarios)!);
  assert.ok(grep.test(title('failover.spec.ts', 'primary down')));
  assert.ok(!grep.test(title('failover.spec.ts', 'back to primary')));
  assert.ok(!grep.test(title('backoff.spec.ts', 'primary refuses')));
});

test('a run-level check is confined to the scenarios that give it its delays', () => {
  assert.deepEqual(confiningChecks({ fails: ['backoff.jitter-distribution'] }).sort(), ['backoff.jitter', 'backoff.jitter-distribution', 'backoff.reset-after-connack', 'backoff.schedule']);
  const grep = new RegExp(confinedScenarios('jitter-only-adds', { fails: ['backoff.jitter-distribution'] }, scenarios)!);
  assert.ok(grep.test(title('backoff.spec.ts', 'primary refuses')));
  assert.ok(grep.test(title('failover.spec.ts', 'back to primary')));
  assert.ok(!grep.test(title('qos.spec.ts', 'cap')));
});

test('the faithful board and a personality without an expectation run every scenario', () => {
  assert.equal(confinedScenarios('faithful', { fails: [] }, scenarios), undefined);
  assert.equal(confinedScenarios('/lab/quirks/late-ping.personality.ts', undefined, scenarios), undefined);
});

test('every built-in personality has scenarios of the project that judge what it must fail', () => {
  const real = judgingScenarios(path.resolve(import.meta.dirname, '../../scenarios'));
  for (const [personality, kill] of Object.entries(expectedKills)) {
    if (personality === 'faithful') continue;
    const grep = confinedScenarios(personality, kill, real);
    assert.ok(grep, personality);
    const chosen = real.filter((s) => s.checks.some((c) => confiningChecks(kill).includes(c)));
    assert.ok(chosen.length > 0 && chosen.length < real.length, `${personality}: ${chosen.length} of ${real.length}`);
  }
});
