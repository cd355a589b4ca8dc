/**
 * The library's documented API and configuration, row by row, with the checks that
 * judge each row, or the reason none does. A release manager reads it in
 * docs/qualification.md (kept equal to this list by test/model/api-coverage.test.ts) and
 * in the report's doc-vs-behaviour section, with this run's verdicts next to each row.
 * Rows come from the library's README, include/mgos_mqtt.h, mjs_fs/api_mqtt.js and mos.yml.
 */
import type { CheckId } from '../contract/check-ids.ts';

export interface CoverageRow {
  /** The call, JS function or config key, as the library names it. */
  item: string;
  area: 'JS API' | 'C API' | 'config';
  /** Checks whose verdicts judge this row; empty when `uncovered` says why. */
  checks: readonly CheckId[];
  /** Why no check judges it (required exactly when `checks` is empty). */
  uncovered?: string;
}

export const apiCoverage: readonly CoverageRow[] = [
  // ── JS API (api_mqtt.js, through fs/init.js) ──
  { item: 'MQTT.pub(topic, message, qos, retain)', area: 'JS API', checks: ['api.js-pub-return'] },
  { item: 'MQTT.sub(topic, handler)', area: 'JS API', checks: ['api.js-sub-delivery'] },
  { item: 'MQTT.isConnected()', area: 'JS API', checks: ['api.js-is-connected'] },
  { item: 'MQTT.setEventHandler(handler, ud); EV_CONNACK 202, EV_PUBACK 204, EV_CLOSE 5', area: 'JS API', checks: ['api.js-event-handler'] },
  {
    item: 'MQTT.EV_PUBLISH 203, EV_SUBACK 209, EV_UNSUBACK 211 (in the event handler)',
    area: 'JS API',
    checks: [],
    uncovered: 'the impl hands a subscribed PUBLISH and every SUBACK to the subscription\'s own handler, so the event handler sees them only for a message no subscription matched; the JS methods have no unsubscribe to provoke UNSUBACK. api.js-event-handler shows SUBACK calls without judging them',
  },
  // ── C API (include/mgos_mqtt.h) ──
  { item: 'mgos_mqtt_pub', area: 'C API', checks: ['api.pub-on-wire', 'api.pub-return-offline', 'queue.replay', 'queue.overflow', 'qos.publish-downgrade'] },
  { item: 'mgos_mqtt_sub / mgos_mqtt_global_subscribe (handler sees PUBLISH)', area: 'C API', checks: ['resubscribe.all-topics', 'resubscribe.qos', 'resubscribe.delivery', 'qos.subscribe-downgrade'] },
  { item: 'mgos_mqtt_unsub', area: 'C API', checks: ['delivery.puback-unmatched', 'api.unsub'] },
  { item: 'mgos_mqtt_global_connect / mgos_mqtt_global_disconnect', area: 'C API', checks: ['api.js-is-connected', 'api.js-event-handler', 'connect.explicit-disconnect'] },
  { item: 'mgos_mqtt_global_is_connected', area: 'C API', checks: ['api.js-is-connected'] },
  { item: 'mgos_mqtt_add_global_handler (which events reach it)', area: 'C API', checks: ['api.js-event-handler', 'events.global-handler'] },
  { item: 'mgos_mqtt_set_max_qos', area: 'C API', checks: ['qos.override-restore'] },
  { item: 'mgos_mqtt_num_unsent_bytes', area: 'C API', checks: ['api.unsent-bytes'] },
  { item: 'mgos_mqtt_get_packet_id (never 0, wraps 0xffff → 1, skips ids still queued)', area: 'C API', checks: ['api.packet-id-wrap'] },
  { item: 'mgos_mqtt_pubf / mgos_mqtt_pubv (JSON through frozen)', area: 'C API', checks: ['api.pubf'] },
  { item: 'mgos_mqtt_set_connect_fn', area: 'C API', checks: ['api.connect-fn'] },
  { item: 'mgos_mqtt_get_global_conn (NULL between attempts and without a connection object)', area: 'C API', checks: ['events.handler-set'] },
  { item: 'mgos_mqtt_global_subscribe raw handler (its own SUBACK and matching PUBLISH; PUBACK and CLOSE go to the connection handlers)', area: 'C API', checks: ['events.handler-set'] },
  { item: 'mgos_mqtt_set_config, mgos_mqtt_conn_* (a second connection)', area: 'C API', checks: [], uncovered: 'the test firmware drives only the global connection' },
  // ── config keys (mos.yml config_schema, mqtt and mqtt1) ──
  { item: 'mqtt.enable', area: 'config', checks: ['api.pub-return-offline', 'api.js-pub-return', 'connect.disabled-at-boot'] },
  { item: 'mqtt.server', area: 'config', checks: ['failover.to-backup', 'tls.default-port'] },
  { item: 'mqtt.client_id', area: 'config', checks: ['connect.fields'] },
  { item: 'mqtt.user / mqtt.pass', area: 'config', checks: ['connect.fields', 'connect.auth-refused'] },
  { item: 'mqtt.reconnect_timeout_min / reconnect_timeout_max', area: 'config', checks: ['backoff.schedule', 'backoff.jitter', 'backoff.reset-after-connack'] },
  { item: 'mqtt.ssl_cert / ssl_key / ssl_ca_cert', area: 'config', checks: ['tls.server-auth', 'tls.mutual', 'tls.bad-files'] },
  { item: 'mqtt.ssl_cipher_suites / ssl_psk_identity / ssl_psk_key', area: 'config', checks: ['tls.psk'] },
  { item: 'mqtt.clean_session', area: 'config', checks: ['connect.fields', 'delivery.puback-unmatched', 'delivery.qos2-exactly-once'] },
  { item: 'mqtt.keep_alive', area: 'config', checks: ['connect.fields', 'keepalive.ping', 'keepalive.silent-broker'] },
  { item: 'mqtt.will_topic / will_message / will_retain', area: 'config', checks: ['connect.fields', 'will.on-abrupt-loss'] },
  { item: 'mqtt.max_qos', area: 'config', checks: ['qos.publish-downgrade', 'qos.subscribe-downgrade', 'qos.qos0-only-broker'] },
  { item: 'mqtt.max_queue_length', area: 'config', checks: ['queue.overflow', 'queue.replay'] },
  { item: 'mqtt.recv_mbuf_limit', area: 'config', checks: ['limits.recv-mbuf'] },
  { item: 'mqtt.require_time', area: 'config', checks: ['connect.require-time'] },
  { item: 'mqtt.cloud_events (MGOS_EVENT_CLOUD_CONNECTING / CONNECTED / DISCONNECTED / CONNECTERROR)', area: 'config', checks: ['events.cloud'] },
  { item: 'mqtt.ws_enable / mqtt.ws_path', area: 'config', checks: ['transport.websocket'] },
  { item: 'mqtt.debug_use_log_level, debug.stdout_topic, debug.stderr_topic', area: 'config', checks: ['debug.console-topics'] },
  { item: 'mqtt1.* (the backup server)', area: 'config', checks: ['failover.to-backup', 'failover.stays-on-backup', 'failover.back-to-primary', 'failover.backup-without-server'] },
];

/** The table docs/qualification.md carries, one line per row. */
export function coverageMarkdown(rows: readonly CoverageRow[] = apiCoverage): string {
  const lines = rows.map((r) => `| ${r.area} | \`${r.item}\` | ${r.checks.length > 0 ? r.checks.map((c) => `\`${c}\``).join(', ') : `— ${r.uncovered}`} |`);
  return ['| area | documented call or key | checks (or why none) |', '|---|---|---|', ...lines].join('\n');
}
