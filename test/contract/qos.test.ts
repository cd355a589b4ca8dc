import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveMaxQos } from '../../harness/contract/qos.ts';

describe('effectiveMaxQos (config max_qos first, null = no override)', () => {
  it('is the config max_qos while no override is set', () => {
    assert.equal(effectiveMaxQos(2, null), 2);
    assert.equal(effectiveMaxQos(1, null), 1);
  });

  it('is the override once one is set, also an override of 0 and one above the config', () => {
    assert.equal(effectiveMaxQos(2, 0), 0);
    assert.equal(effectiveMaxQos(0, 2), 2);
  });

  it('passes a negative config max_qos through for the caller to read', () => {
    assert.equal(effectiveMaxQos(-1, null), -1);
  });
});
