/**
 * Every check by its stable id. A check is a pure function from one observation of a
 * scenario to a verdict; `runChecks` observes the scenario once and hands that
 * observation to each check it is asked for, `runAllChecks` to all of them.
 */
import { apiJsEventHandler } from './api/js-event-handler.ts';
import { apiJsIsConnected } from './api/js-is-connected.ts';
import { apiJsPubReturn } from './api/js-pub-return.ts';
import { apiJsSubDelivery } from './api/js-sub-delivery.ts';
import { apiPubReturnOffline } from './api/pub-return-offline.ts';
import { apiPubOnWire } from './api/pub-on-wire.ts';
import { apiPacketIdWrap } from './api/packet-id-wrap.ts';
import { apiPubf } from './api/pubf.ts';
import { apiConnectFn } from './api/connect-fn.ts';
import { debugConsoleTopics } from './debug/console-topics.ts';
import { apiUnsentBytes } from './api/unsent-bytes.ts';
import { eventsCloud } from './events/cloud.ts';
import { eventsHandlerSet } from './events/handler-set.ts';
import { backoffJitter } from './backoff/jitter.ts';
import { backoffJitterDistribution } from './backoff/jitter-distribution.ts';
import { backoffResetAfterConnack } from './backoff/reset-after-connack.ts';
import { backoffSchedule } from './backoff/schedule.ts';
import { connectAuthRefused } from './connect/auth-refused.ts';
import { connectFields } from './connect/fields.ts';
import { connectRequireTime } from './connect/require-time.ts';
import { deliveryPubackMatched } from './delivery/puback-matched.ts';
import { transportSegmented } from './transport/segmented.ts';
import { eventsGlobalHandler } from './events/global-handler.ts';
import { connectExplicitDisconnect } from './connect/explicit-disconnect.ts';
import { connectDisabledAtBoot } from './connect/disabled-at-boot.ts';
import { transportMalformed } from './transport/malformed.ts';
import { apiUnsub } from './api/unsub.ts';
import { deliveryPubackUnmatched } from './delivery/puback-unmatched.ts';
import { deliveryQos0NoDup } from './delivery/qos0-no-dup.ts';
import { deliveryQos2ExactlyOnce } from './delivery/qos2-exactly-once.ts';
import { failoverBackToPrimary } from './failover/back-to-primary.ts';
import { failoverBackupWithoutServer } from './failover/backup-without-server.ts';
import { failoverStaysOnBackup } from './failover/stays-on-backup.ts';
import { failoverToBackup } from './failover/to-backup.ts';
import { unjudgedWhenOverloaded } from './host-load.ts';
import { checkIds, type CheckDefinition, type CheckId, type CheckInput, type Verdict } from './input.ts';
import { keepalivePing } from './keepalive/ping.ts';
import { keepaliveSilentBroker } from './keepalive/silent-broker.ts';
import { limitsRecvMbuf } from './limits/recv-mbuf.ts';
import { Observation, observe } from './observe/observation.ts';
import { qosOverrideRestore } from './qos/override-restore.ts';
import { qosPublishDowngrade } from './qos/publish-downgrade.ts';
import { qosQos0OnlyBroker } from './qos/qos0-only-broker.ts';
import { qosSubscribeDowngrade } from './qos/subscribe-downgrade.ts';
import { queueInflightResend } from './queue/inflight-resend.ts';
import { queueOverflow } from './queue/overflow.ts';
import { queueReplay } from './queue/replay.ts';
import { resubscribeAllTopics } from './resubscribe/all-topics.ts';
import { resubscribeDelivery } from './resubscribe/delivery.ts';
import { resubscribeQos } from './resubscribe/qos.ts';
import { tlsDefaultPort } from './tls/default-port.ts';
import { tlsMutual } from './tls/mutual.ts';
import { tlsPsk } from './tls/psk.ts';
import { tlsBadFiles } from './tls/bad-files.ts';
import { tlsFailureLog } from './tls/failure-log.ts';
import { tlsServerAuth } from './tls/server-auth.ts';
import { transportWebsocket } from './transport/websocket.ts';
import { willOnAbruptLoss } from './will/on-abrupt-loss.ts';

const all: CheckDefinition[] = [
  backoffSchedule,
  backoffJitter,
  backoffJitterDistribution,
  backoffResetAfterConnack,
  failoverToBackup,
  failoverStaysOnBackup,
  failoverBackToPrimary,
  failoverBackupWithoutServer,
  resubscribeAllTopics,
  resubscribeQos,
  resubscribeDelivery,
  qosPublishDowngrade,
  qosSubscribeDowngrade,
  qosQos0OnlyBroker,
  qosOverrideRestore,
  queueReplay,
  queueOverflow,
  queueInflightResend,
  connectFields,
  connectAuthRefused,
  connectRequireTime,
  keepalivePing,
  keepaliveSilentBroker,
  willOnAbruptLoss,
  apiPubReturnOffline,
  apiPubOnWire,
  apiJsPubReturn,
  apiJsSubDelivery,
  apiJsIsConnected,
  apiJsEventHandler,
  apiUnsentBytes,
  apiPacketIdWrap,
  eventsCloud,
  apiPubf,
  deliveryPubackUnmatched,
  deliveryPubackMatched,
  deliveryQos0NoDup,
  deliveryQos2ExactlyOnce,
  tlsServerAuth,
  tlsMutual,
  tlsPsk,
  tlsDefaultPort,
  tlsBadFiles,
  tlsFailureLog,
  limitsRecvMbuf,
  apiConnectFn,
  debugConsoleTopics,
  eventsHandlerSet,
  transportSegmented,
  transportWebsocket,
  eventsGlobalHandler,
  connectExplicitDisconnect,
  connectDisabledAtBoot,
  transportMalformed,
  apiUnsub,
];

export const checkRegistry: ReadonlyMap<CheckId, CheckDefinition> = new Map(all.map((c) => [c.id, c]));

for (const id of checkIds) {
  if (!checkRegistry.has(id)) throw new Error(`check ${id} is listed in checkIds but not registered in harness/checks/registry.ts`);
}

export function getCheck(id: CheckId): CheckDefinition {
  const c = checkRegistry.get(id);
  if (!c) throw new Error(`unknown check id ${JSON.stringify(id)}; known: ${checkIds.join(', ')}`);
  return c;
}

/**
 * Runs the given checks on one scenario, in the order given. The scenario is observed
 * once (or the caller passes an observation it already has, e.g. to ask more checks of it).
 */
export function runChecks(ids: readonly CheckId[], scenario: CheckInput | Observation): Verdict[] {
  const obs = scenario instanceof Observation ? scenario : observe(scenario);
  return ids.map((id) => getCheck(id).run(obs));
}

/**
 * Judges one scenario the way a qualification does: the checks it requires (each must
 * find its evidence: their skips stand), then every other check on the same
 * observation — where its evidence exists it judges too, marked `incidental`, so a
 * misbehaviour seen in any scenario fails the qualification; where it has nothing to
 * judge it says nothing.
 */
export function judgeScenario(required: readonly CheckId[], scenario: CheckInput | Observation): Verdict[] {
  const obs = scenario instanceof Observation ? scenario : observe(scenario);
  const lag = obs.input.board.hostLagMs;
  const own = runChecks(required, obs).map((v) => unjudgedWhenOverloaded(v, lag));
  const incidental = runChecks(
    checkIds.filter((id) => !required.includes(id)),
    obs,
  )
    .map((v) => unjudgedWhenOverloaded(v, lag))
    .flatMap((v): Verdict[] => (v.verdict === 'skip' ? [] : [{ ...v, incidental: true }]));
  return [...own, ...incidental];
}

/** Runs every registered check (a whole-suite report; most get `skip` for lack of evidence). */
export function runAllChecks(scenario: CheckInput | Observation): Verdict[] {
  return runChecks(checkIds, scenario);
}
