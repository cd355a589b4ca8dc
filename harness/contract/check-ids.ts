/**
 * Every check's stable id, in the order reports list them. Checks, scenarios, the report
 * and the kill matrix all name checks by these; each id is one file under harness/checks
 * (`<group>/<name>.ts`), and the check registry refuses to start if one is unregistered.
 */
export const checkIds = [
  'backoff.schedule',
  'backoff.jitter',
  'backoff.jitter-distribution',
  'backoff.reset-after-connack',
  'failover.to-backup',
  'failover.stays-on-backup',
  'failover.back-to-primary',
  'failover.backup-without-server',
  'resubscribe.all-topics',
  'resubscribe.qos',
  'resubscribe.delivery',
  'qos.publish-downgrade',
  'qos.subscribe-downgrade',
  'qos.qos0-only-broker',
  'qos.override-restore',
  'queue.replay',
  'queue.overflow',
  'queue.inflight-resend',
  'connect.fields',
  'connect.auth-refused',
  'keepalive.ping',
  'keepalive.silent-broker',
  'will.on-abrupt-loss',
  'api.pub-return-offline',
  'api.js-pub-return',
  'api.js-sub-delivery',
  'api.js-is-connected',
  'api.js-event-handler',
  'api.unsent-bytes',
  'delivery.puback-unmatched',
  'delivery.puback-matched',
  'delivery.qos0-no-dup',
  'tls.server-auth',
  'tls.mutual',
  'tls.psk',
  'tls.default-port',
] as const;
export type CheckId = (typeof checkIds)[number];
