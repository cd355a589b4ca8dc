/**
 * The coverage table of the documented API: every row has checks or a reason, every
 * named check exists, and docs/qualification.md carries exactly this table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkIds } from '../../harness/contract/check-ids.ts';
import { apiCoverage, coverageMarkdown } from '../../harness/model/api-coverage.ts';

describe('the API coverage table', () => {
  it('gives each row checks or, with none, a reason', () => {
    for (const r of apiCoverage) {
      assert.ok(r.checks.length > 0 !== (r.uncovered !== undefined && r.uncovered.length > 0), `${r.item}: checks xor a reason`);
      for (const c of r.checks) assert.ok((checkIds as readonly string[]).includes(c), `${r.item}: ${c} is no check id`);
    }
  });

  it('names every JS API function of api_mqtt.js and every mqtt config key of the library', () => {
    const items = apiCoverage.map((r) => r.item).join('\n');
    for (const js of ['MQTT.pub', 'MQTT.sub', 'MQTT.isConnected', 'MQTT.setEventHandler']) assert.ok(items.includes(js), js);
    // The library's mos.yml config_schema keys of `mqtt`.
    const keys = ['enable', 'server', 'client_id', 'user', 'pass', 'reconnect_timeout_min', 'reconnect_timeout_max', 'ssl_cert', 'ssl_key', 'ssl_ca_cert',
      'ssl_cipher_suites', 'ssl_psk_identity', 'ssl_psk_key', 'clean_session', 'keep_alive', 'will_topic', 'will_message', 'will_retain', 'max_qos',
      'recv_mbuf_limit', 'require_time', 'cloud_events', 'max_queue_length', 'ws_enable', 'ws_path', 'debug_use_log_level'];
    for (const k of keys) assert.match(items, new RegExp(`\\b${k}\\b`), `mqtt.${k}`);
  });

  it('is the table in docs/qualification.md', () => {
    const doc = readFileSync(new URL('../../docs/qualification.md', import.meta.url), 'utf8');
    const block = /<!-- coverage:begin[^>]*-->\n([\s\S]*?)\n<!-- coverage:end -->/.exec(doc);
    assert.ok(block, 'docs/qualification.md has no coverage:begin … coverage:end block');
    assert.equal(block[1], coverageMarkdown(), 'regenerate the block from harness/model/api-coverage.ts (coverageMarkdown())');
  });
});
