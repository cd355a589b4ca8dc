/**
 * The built-in personalities, by name, and the loader that also takes a module path.
 * `faithful` is the reference behaviour; every other entry breaks exactly the behaviour
 * its description names. A lab models its own firmware by writing a module whose default
 * export is a Personality object and passing its path (relative to the working directory,
 * absolute, or a file: URL).
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backoffLinear } from './backoff-linear.ts';
import { backoffNoCap } from './backoff-no-cap.ts';
import { backoffNoJitter } from './backoff-no-jitter.ts';
import { backoffResetOnRefusal } from './backoff-reset-on-refusal.ts';
import { capLostOnReconnect } from './cap-lost-on-reconnect.ts';
import { composePersonalities } from './compose.ts';
import { failoverEarly } from './failover-early.ts';
import { faithful } from './faithful.ts';
import { jitterOnlyAdds } from './jitter-only-adds.ts';
import { jitterReplayed } from './jitter-replayed.ts';
import { jsHandlerNoClose } from './js-handler-no-close.ts';
import { jsIsConnectedSticky } from './js-is-connected-sticky.ts';
import { jsPubReturnsOne } from './js-pub-returns-one.ts';
import { jsSubGetsFilter } from './js-sub-gets-filter.ts';
import { libDowngradeQueueJam } from './lib-downgrade-queue-jam.ts';
import { libNoPubackUnmatched } from './lib-no-puback-unmatched.ts';
import { libReplayStoredQos } from './lib-replay-stored-qos.ts';
import { libSilentWithoutBackupServer } from './lib-silent-without-backup-server.ts';
import { libStickyQosOverride } from './lib-sticky-qos-override.ts';
import { logLiesDelay } from './log-lies-delay.ts';
import { unsubscribeForgotten } from './unsubscribe-forgotten.ts';
import { noFailover } from './no-failover.ts';
import { noKeepalive } from './no-keepalive.ts';
import { noResetAfterConnack } from './no-reset-after-connack.ts';
import { noResubscribe } from './no-resubscribe.ts';
import { noReturnToPrimary } from './no-return-to-primary.ts';
import { type Personality, personalityEventNames, personalityHookNames } from './personality.ts';
import { pubackTwice } from './puback-twice.ts';
import { pubReturnsZeroOffline } from './pub-returns-zero-offline.ts';
import { qos0Dup } from './qos0-dup.ts';
import { qosNotDowngraded } from './qos-not-downgraded.ts';
import { queueDupOnFirstSend } from './queue-dup-on-first-send.ts';
import { queueLostOnDisconnect } from './queue-lost-on-disconnect.ts';
import { queueNoDup } from './queue-no-dup.ts';
import { queueReplayReversed } from './queue-replay-reversed.ts';
import { queueUnbounded } from './queue-unbounded.ts';
import { reconnectImmediate } from './reconnect-immediate.ts';
import { recvLimitIgnored } from './recv-limit-ignored.ts';
import { readsWholePackets } from './reads-whole-packets.ts';
import { handlerMissesUnsuback } from './handler-misses-unsuback.ts';
import { disconnectWithoutPacket } from './disconnect-without-packet.ts';
import { enableReadLive } from './enable-read-live.ts';
import { skipsMalformed } from './skips-malformed.ts';
import { unsubAnyTopic } from './unsub-any-topic.ts';
import { noResendOnPingresp } from './no-resend-on-pingresp.ts';
import { tlsNameForIp } from './tls-name-for-ip.ts';
import { qos2DeliveredTwice } from './qos2-delivered-twice.ts';
import { tlsSkipsBadFile } from './tls-skips-bad-file.ts';
import { pubDropsRetain } from './pub-drops-retain.ts';
import { pubrelUnanswered } from './pubrel-unanswered.ts';
import { wsNoPong } from './ws-no-pong.ts';
import { handlerFirstMatchOnly } from './handler-first-match-only.ts';
import { subBeforeConnack } from './sub-before-connack.ts';
import { globalConnAfterConnack } from './global-conn-after-connack.ts';
import { tlsSocketLeftOpen } from './tls-socket-left-open.ts';
import { tlsErrorGeneric } from './tls-error-generic.ts';
import { resubscribeFirstOnly } from './resubscribe-first-only.ts';
import { resubscribeOncePerBoot } from './resubscribe-once-per-boot.ts';
import { resubscribeWrongQos } from './resubscribe-wrong-qos.ts';
import { subQosNotDowngraded } from './sub-qos-not-downgraded.ts';
import { tlsAcceptAnyCert } from './tls-accept-any-cert.ts';
import { tlsIgnoreName } from './tls-ignore-name.ts';
import { tlsNoClientCert } from './tls-no-client-cert.ts';
import { tlsNoPsk } from './tls-no-psk.ts';
import { tlsWrongDefaultPort } from './tls-wrong-default-port.ts';
import { unsentBytesWithTopics } from './unsent-bytes-with-topics.ts';
import { packetIdReusesQueued } from './packet-id-reuses-queued.ts';
import { packetIdZero } from './packet-id-zero.ts';
import { requireTimeIgnored } from './require-time-ignored.ts';
import { cloudEventsIgnoreConfig } from './cloud-events-ignore-config.ts';
import { pubfAsPrintf } from './pubf-as-printf.ts';
import { wrongClientId } from './wrong-client-id.ts';
import { connectFnIgnored } from './connect-fn-ignored.ts';
import { debugTopicIgnored } from './debug-topic-ignored.ts';
import { rawHandlerPublishOnly } from './raw-handler-publish-only.ts';
import { rawHandlerSeesClose } from './raw-handler-sees-close.ts';
import { wsIgnored } from './ws-ignored.ts';
import { wsPathDefault } from './ws-path-default.ts';

const all: readonly Personality[] = [
  faithful,
  backoffNoCap,
  backoffLinear,
  backoffNoJitter,
  jitterOnlyAdds,
  jitterReplayed,
  reconnectImmediate,
  noResetAfterConnack,
  noFailover,
  failoverEarly,
  noReturnToPrimary,
  noResubscribe,
  resubscribeFirstOnly,
  resubscribeWrongQos,
  qosNotDowngraded,
  subQosNotDowngraded,
  queueLostOnDisconnect,
  queueNoDup,
  queueUnbounded,
  wrongClientId,
  noKeepalive,
  pubReturnsZeroOffline,
  libDowngradeQueueJam,
  libStickyQosOverride,
  libNoPubackUnmatched,
  libSilentWithoutBackupServer,
  libReplayStoredQos,
  tlsAcceptAnyCert,
  tlsIgnoreName,
  tlsNoClientCert,
  tlsNoPsk,
  tlsWrongDefaultPort,
  jsPubReturnsOne,
  jsSubGetsFilter,
  jsIsConnectedSticky,
  jsHandlerNoClose,
  unsentBytesWithTopics,
  packetIdZero,
  packetIdReusesQueued,
  requireTimeIgnored,
  cloudEventsIgnoreConfig,
  pubfAsPrintf,
  pubackTwice,
  qos0Dup,
  capLostOnReconnect,
  // Bugs that need the hooks' reason, RAM, queue and wait (issue 12).
  backoffResetOnRefusal,
  resubscribeOncePerBoot,
  queueReplayReversed,
  queueDupOnFirstSend,
  logLiesDelay,
  unsubscribeForgotten,
  // Issue 16: mqtt.recv_mbuf_limit.
  recvLimitIgnored,
  // Issue 16: mgos_mqtt_set_connect_fn.
  connectFnIgnored,
  // Issue 16: debug.stdout_topic / debug.stderr_topic.
  debugTopicIgnored,
  // Issue 16: mgos_mqtt_global_subscribe's raw handler.
  rawHandlerPublishOnly,
  rawHandlerSeesClose,
  // Packets the network delivers in pieces (gate fault `segment`), found by mutation testing.
  readsWholePackets,
  // Issue 16: mqtt.ws_enable / mqtt.ws_path.
  wsPathDefault,
  wsIgnored,
  // The connection handlers' events (mgos_mqtt_add_global_handler), found by mutation testing.
  handlerMissesUnsuback,
  // An explicit disconnect without DISCONNECT, found by mutation testing.
  disconnectWithoutPacket,
  // mqtt.enable read live instead of at boot, found by mutation testing.
  enableReadLive,
  // A broker packet that does not parse, found by mutation testing.
  skipsMalformed,
  // mgos_mqtt_unsub of a topic never subscribed, found by mutation testing.
  unsubAnyTopic,
  // A PINGRESP that does not re-send an unacknowledged publish, found by mutation testing.
  noResendOnPingresp,
  // The server name checked for an IP address, found by mutation testing.
  tlsNameForIp,
  // A QoS 2 redelivery handed on twice, found by mutation testing.
  qos2DeliveredTwice,
  // A TLS file that does not parse left out instead of failing the connect, found by mutation testing.
  tlsSkipsBadFile,
  // A publish whose retain flag is lost (a hole found while closing mutation gaps: no check read the flags of a live publish).
  pubDropsRetain,
  pubrelUnanswered,
  wsNoPong,
  tlsErrorGeneric,
  // Only the first matching subscription's handler called (topic matching found open by mutation testing).
  handlerFirstMatchOnly,
  // A SUBSCRIBE, and a global conn, while the CONNECT waits for its CONNACK (both found open by mutation testing).
  subBeforeConnack,
  globalConnAfterConnack,
  // A TLS socket the board ends itself left open (found open by mutation testing).
  tlsSocketLeftOpen,
];

export const builtInPersonalities: ReadonlyMap<string, Personality> = new Map(all.map((p) => [p.name, p]));

export const builtInPersonalityNames: readonly string[] = all.map((p) => p.name);

/** The built-in personality called `name`; throws naming the known ones if there is none. */
export function builtInPersonality(name: string): Personality {
  const found = builtInPersonalities.get(name);
  if (found === undefined) {
    throw new Error(`unknown personality "${name}"; built-in ones are: ${builtInPersonalityNames.join(', ')}`);
  }
  return found;
}


function looksLikePath(ref: string): boolean {
  return ref.startsWith('file:') || ref.startsWith('.') || isAbsolute(ref) || /\.(m?[jt]s)$/.test(ref);
}

function validate(candidate: unknown, where: string): Personality {
  if (typeof candidate !== 'object' || candidate === null) {
    throw new Error(`personality module ${where} must default-export a Personality object, got ${typeof candidate}`);
  }
  const p = candidate as Record<string, unknown>;
  if (typeof p.name !== 'string' || p.name === '' || typeof p.description !== 'string') {
    throw new Error(`personality module ${where} must have a non-empty string "name" and a string "description"`);
  }
  for (const hook of [...personalityEventNames, ...personalityHookNames]) {
    if (p[hook] !== undefined && typeof p[hook] !== 'function') {
      throw new Error(`personality "${p.name}" from ${where}: hook "${hook}" must be a function, got ${typeof p[hook]}`);
    }
  }
  const known = new Set<string>(['name', 'description', ...personalityEventNames, ...personalityHookNames]);
  const unknown = Object.keys(p).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new Error(
      `personality "${p.name}" from ${where} has unknown hook(s) ${unknown.join(', ')}; known hooks: ${[...personalityEventNames, ...personalityHookNames].join(', ')}`,
    );
  }
  return candidate as Personality;
}

/** A built-in personality by name, or the default export of the module at `nameOrPath`. */
export async function loadPersonality(nameOrPath: string): Promise<Personality> {
  const builtIn = builtInPersonalities.get(nameOrPath);
  if (builtIn !== undefined) return builtIn;
  if (!looksLikePath(nameOrPath)) {
    throw new Error(
      `unknown personality "${nameOrPath}": use a built-in name (${builtInPersonalityNames.join(', ')}) or a module path such as ./my-firmware.personality.ts`,
    );
  }
  const url = nameOrPath.startsWith('file:') ? nameOrPath : pathToFileURL(resolve(nameOrPath)).href;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (err) {
    throw new Error(`cannot load personality module ${url}: ${(err as Error).message}`, { cause: err });
  }
  return validate(mod.default, url);
}

/** Several personalities (names or paths) combined into one; an empty list is the faithful board. */
export async function loadPersonalities(refs: readonly string[]): Promise<Personality> {
  const parts: Personality[] = [];
  for (const ref of refs) parts.push(await loadPersonality(ref));
  return composePersonalities(parts);
}
