/**
 * The analyses people wrote of surviving mutants, kept here so that regenerating the
 * report (`npm run mutation -- --write`) does not lose them. Keyed by file, mutator and
 * the edit itself (not by id or line, which move whenever the file changes).
 *
 *   'harness/virtual/mqtt/client.ts|ConditionalExpression|rt > 0 → true': { equivalent: true, analysis: 'rt is never ≤ 0 here: …' },
 *
 * Where a file makes the same edit in several places (`'destroy' → ""` in client.ts is
 * both an argument of #endSession and a state machine label), the key names them all and an
 * analysis must say which of them it is about: `sites`, 1-based in file order, or 'all'
 * (`npm run mutation -- --from-json` shows each survivor's site). An analysis without
 * `sites` is not applied to such an edit: it was written for one place and may be wrong for
 * another (test/mutation/analyses.test.ts holds every key to that).
 */
import type { MutantInfo } from './instrument.ts';

export interface Analysis {
  equivalent: boolean;
  analysis: string;
  /** For an edit the file makes in several places: the places this analysis is about. */
  sites?: readonly number[] | 'all';
}

/** Written after the run of 2026-12-02 (docs/check-power.md, "Mutation testing"). */
export const analyses: Record<string, Analysis | readonly Analysis[]> = {
  "harness/virtual/mqtt/packet-framer.ts|ConditionalExpression|this.#buffer.length < size → false": {
    equivalent: false,
    analysis: "not equivalent: a packet whose bytes end before its remaining length is taken as whole and fails to decode, so the board closes the session. It survived because on loopback every broker packet reached the board in one read; closed since by the gate fault `segment` and `transport.segmented` (the network scenario): with the edit made by hand, that check and four schedule checks fail",
  },
  "harness/virtual/mqtt/cloud-events.ts|EqualityOperator|name === 'connecterror' → name !== 'connecterror'": {
    equivalent: false,
    analysis: "not equivalent, but only for release 2.20.0 (`logVariant: '2.20.0'`): CONNECTED/DISCONNECTED would follow the 2.20.0 rule for CONNECTERROR and CONNECTERROR would fire there. The qualification runs the virtual board as the current release; `events.cloud` tells the release from the log lines, so a 2.20.0 board (physical, or virtual with that variant) would be judged — no scenario runs one yet: an open gap",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|!this.#p.nextReplay → true": {
    equivalent: true,
    analysis: "equivalent for the board qualified: without a personality the `nextReplay` hook is absent, so `!this.#p.nextReplay` is already true; the edit only stops a personality from choosing the entry (the kill matrix's queue-replay-reversed would show it)",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|added === undefined → false": {
    equivalent: true,
    analysis: "equivalent for the board qualified: `added` is undefined only when a personality's `rememberSubscription` declines to keep the topic; the faithful board always keeps it",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|this.#queue.length === 0 && this.#queuePhase === QueuePhase.Replaying → true": {
    equivalent: true,
    analysis: "equivalent as far as the checks can see: the queue is always empty where this runs (the loop above either returned or removed every entry), and with the phase already drained the only change is one more LL_DEBUG 'MQTT0 queue drained' line, which the default debug.level 2 does not print",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'unsuback' → \"\"": {
    equivalent: false,
    sites: [1, 3],
    analysis: "not equivalent: the UNSUBACK no longer reaches the connection handlers (no `unsuback` line). Survived because no check read that line; closed by `events.global-handler` (the unsubscribe scenario watches for it), which catches the handler-misses-unsuback personality",
  },
  "harness/virtual/mqtt/packet-framer.ts|EqualityOperator|this.#buffer.length === 0 → this.#buffer.length !== 0": {
    equivalent: false,
    analysis: "not equivalent: the bytes of a packet left from the previous read are thrown away when the next read comes (the reads-whole-packets personality's bug). Survived for the same reason as the framer's length test (every packet in one read); closed by the network scenario, where `transport.segmented` catches that personality",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|session !== this.#session → true": {
    equivalent: false,
    sites: [1],
    analysis: "not equivalent, in the log only: socket errors are ignored, and the close that follows ends the attempt the same way (same schedule, same cloud events) but logs `TCP connected error (-1)` instead of the errno and no mbedTLS code before a failed handshake. No check reads the logged errno: an open gap in diagnostics, not in behaviour on the wire",
  },
  "harness/virtual/mqtt/client.ts|ObjectLiteral|{ kind: 'time-not-set' } → {}": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the attempt's end reason reaches only the personality hooks (`onAttemptEnd`, `lastEnd`); the schedule of the faithful board does not read it",
  },
  "harness/virtual/mqtt/tls-plan.ts|ConditionalExpression|section.ssl_key !== '' → true": {
    equivalent: false,
    analysis: "not equivalent: with `ssl_key` empty the key is no longer read from the certificate's file (mongoose's mg_use_cert fallback), so the attempt fails with 'Invalid SSL key'. Survived because every mutual-TLS scenario set both files; closed by the @tls scenario with the key in the certificate's file: with the edit made by hand `tls.mutual` has nothing to judge and the scenario fails",
  },
  "harness/virtual/mqtt/tls-transport.ts|StringLiteral|'error' → \"\"": {
    equivalent: false,
    sites: 'all',
    analysis: "not equivalent, in the log only: the TLS socket's errors no longer reach the client; its close still does and ends the attempt as a failed handshake, without the mbedTLS error code line. As for the ignored socket errors: no check reads the logged code",
  },
  "harness/virtual/mqtt/topic-match.ts|LogicalOperator|topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#')) → topic.startsWith('$') || filter.startsWith('+') || filter.startsWith('#')": {
    equivalent: false,
    analysis: "not equivalent: every filter that starts with a wildcard ('+/…', '#') stops matching, so its handler never gets a message. Survived because every scenario's filters began with a plain level; closed by the re-subscription scenarios' '+/hil/state': with the edit made by hand `resubscribe.delivery` fails",
  },
  "harness/virtual/mqtt/tls-plan.ts|LogicalOperator|!key || !/-----BEGIN (EC |RSA )?PRIVATE KEY-----/.test(key.toString('latin1')) → !key && !/-----BEGIN (EC |RSA )?PRIVATE KEY-----/.test(key.toString('latin1'))": {
    equivalent: false,
    analysis: "not equivalent: a key file that does not parse is taken (and a missing one throws) instead of failing the attempt with 'Invalid SSL key'. It survived because no scenario gave the board a bad key file; closed by check `tls.bad-files` and the @tls broken-files scenario (a key file, then a CA file, that does not parse: no socket, the library's `Error: Invalid SSL …` line), personality tls-skips-bad-file; re-run as mutants 1579 and 1578 on 2026-12-02: killed",
  },
  "harness/virtual/mqtt/client.ts|ObjectLiteral|{ kind: 'keepalive-timeout', afterConnack: this.#sm.state === ConnState.Connected } → {}": {
    equivalent: true,
    analysis: "equivalent for the board qualified: as for the time-not-set reason, the keep-alive timeout's end reason reaches only personality hooks",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|this.#sm.state === ConnState.TcpConnecting → true": {
    equivalent: false,
    analysis: "not equivalent: an explicit disconnect closes the socket without MQTT DISCONNECT, so the broker publishes the will. Survived because no check looked for the DISCONNECT; closed by `connect.explicit-disconnect` (judged wherever HIL.Disconnect ends a session, and asked for by a new will scenario), which catches the disconnect-without-packet personality",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'destroy' → \"\"": [
    {
      equivalent: true,
      sites: [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
      analysis: "equivalent: `#endSession` flushes only for 'flush'; any other value, '' included, destroys the socket as 'destroy' does",
    },
    {
      equivalent: true,
      sites: [2],
      analysis: "equivalent: the label of the state machine's transition in destroy(), shown only in the error an illegal transition would throw; this transition is legal",
    },
  ],
  "harness/virtual/mqtt/tls-plan.ts|StringLiteral|'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256' → \"\"": {
    equivalent: false,
    analysis: "not equivalent on the wire: the ClientHello offers one suite fewer (ECDHE-ECDSA with AES-128-GCM), and the handshake with the lab's broker picks another the board offers, so nothing the checks see changes. The gate does not record the offered suites: an open gap for a lab whose broker insists on that suite",
  },
  "harness/virtual/mqtt/tls-plan.ts|ObjectLiteral|{ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } → {}": {
    equivalent: true,
    analysis: "equivalent against the lab's brokers: without the TLS 1.2 bounds the board would offer TLS 1.3, but the gate's TLS listener speaks 1.2 only (as mbedTLS 2.16 on the board does), so every handshake is the same. A broker that offered 1.3 would tell them apart",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|this.#sm.state !== ConnState.TcpConnecting → false": {
    equivalent: true,
    sites: [1],
    analysis: "equivalent: a transport reports its connect once per socket, while the session is still connecting (a TLS one on secureConnect); an explicit disconnect before that clears the session, which the first half of the test catches",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|s !== ConnState.Unbooted && s !== ConnState.NoConnection && s !== ConnState.Destroyed → true": {
    equivalent: false,
    analysis: "not equivalent: a board booted with `mqtt.enable` false has no connection object, and the edit lets HIL.Pub, HIL.Sub and HIL.Connect act as if it had one (a packet id instead of 0, a connection made). Survived because no scenario booted with MQTT disabled; closed by the connect scenario that boots with mqtt.enable false (judged by the new `connect.disabled-at-boot` and by api.pub-return-offline), which catches the enable-read-live personality; re-run as mutant 225 at 853e3c7: killed",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|qos === 0 → false": {
    equivalent: true,
    sites: 'all',
    analysis: "equivalent for the board qualified: in #onPublish the two tests stand guard for each other: with either made false, a QoS 0 message still gets the answer 'none' from the other (the faithful answer is 'none', and the second test keeps a personality's `incomingAck` from answering QoS 0)",
  },
  "harness/virtual/mqtt/packet-framer.ts|StringLiteral|'error' → \"\"": {
    equivalent: false,
    analysis: "not equivalent: the framer's parser no longer has an 'error' listener, so a malformed packet from the broker throws out of the socket's data handler (the board process would crash) instead of closing the connection as mongoose's mqtt_handler does (MG_MQTT_ERROR_MALFORMED_MSG). It survived because every broker packet in the lab was aedes's and well formed; closed by the gate fault `malformed` and check `transport.malformed` (the network scenario loops three sessions through a packet that does not parse), personality skips-malformed; re-run as mutant 1121 at 995ae91: killed",
  },
  "harness/virtual/mqtt/ws-transport.ts|LogicalOperator|status === 101 && hasAccept → status === 101 || hasAccept": {
    equivalent: true,
    analysis: "equivalent against the lab's gate: the upgrade would also open on a 101 without Sec-WebSocket-Accept or on a refusal that carries the header, but the gate's WebSocket listener (ws 8.23.0) answers 101 always with the accept and refusals (404, 400) never with it, as RFC 6455 has a server do. A non-conforming server would tell them apart",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|this.inner.destroyed === true → false": {
    equivalent: true,
    sites: [2],
    analysis: "equivalent: the inner socket is destroyed inside the frame loop only by the client ending the session from a data frame's handler; the frames after it in that read are then data the client ignores (it checks that the session is still its own) or a ping whose pong is written to a destroyed socket and goes nowhere; close and error frames return from the loop themselves",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'tcp' → \"\"": {
    equivalent: false,
    sites: [2],
    analysis: "not equivalent: a plain TCP connect that fails is handled as a TLS failure: no `TCP connected error (n)` line and no CONNECTERROR. Survived because events.cloud took the board's own error line as the only sign of a failed connect; closed by events.cloud judging from the gate too (an attempt no gate accepted, ended without any connect line, is a failed connect: its CONNECTERROR is owed and the missing line is named); re-run as mutant 418 at 81f3b60: killed",
  },
  "harness/virtual/mqtt/console-topics.ts|LogicalOperator|this.#writing || level > DEFAULT_EVENT_LEVEL || data.length === 0 → (this.#writing || level > DEFAULT_EVENT_LEVEL) && data.length === 0": {
    equivalent: false,
    analysis: "not equivalent: LL_DEBUG lines (the library's `pub ->`, `ack`, ping lines) are published on the console topics, which the core's event level forbids. Survived because no LL_DEBUG line was printed while a topic was set; closed by debug.console-topics failing an LL_DEBUG line on a topic and the debug scenario making a QoS 1 publish there; re-run as mutant 931 at 81f3b60: killed",
  },
  "harness/virtual/mqtt/tls-transport.ts|ObjectLiteral|{ tlsPhase: this.#phase } → {}": {
    equivalent: false,
    analysis: "not equivalent, in the log only: a TLS attempt whose TCP connect fails (nothing listening) is logged as a failed handshake (an mbedTLS error line, status MG_SSL_ERROR instead of the errno); the attempt ends and the schedule goes on the same. As for the errno in the log: no check reads the status of a failed connect, an open gap in diagnostics",
  },
  "harness/virtual/mqtt/packet-framer.ts|LogicalOperator|size === 'incomplete' || cannotFit → size === 'incomplete' && cannotFit": {
    equivalent: true,
    analysis: "equivalent: where the edit differs (a packet longer than recv_mbuf_limit whose size is known), the buffer is shorter than the limit (else the check above it returned too-large), so `this.#buffer.length < size` holds and the loop returns to wait for more, as before",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'WS' → \"\"": {
    equivalent: true,
    analysis: "log text only: the WebSocket session's `MQTT0 WS connected ok (0)` line loses its `WS`; no check reads it (transport.websocket judges from the gate, and a WebSocket attempt is paired with its gate connection, not told by this line)",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|matched.length === 0 → false": {
    equivalent: false,
    analysis: "not equivalent: a PUBLISH no subscription matched no longer reaches the connection handlers (the JS event handler's EV_PUBLISH 203). Survived because no scenario delivered an unmatched message while a JS handler was set; closed by api.js-event-handler expecting EV_PUBLISH for such a delivery and the persistent-session delivery scenario setting a JS handler; re-run as mutant 729 at 5077348: killed",
  },
  "harness/virtual/mqtt/connection-state.ts|ConditionalExpression|this.#state === ConnState.TcpConnecting → false": {
    equivalent: false,
    analysis: "not equivalent: while a TCP connect is still in progress the board thinks it has no socket, so an IP event or HIL.Connect in that moment starts a second connect beside the first. On loopback a connect completes in well under a millisecond, so no scenario ever asks while one hangs: an open gap (it needs a connect that hangs, a SYN left unanswered, which the gate cannot do on 127.0.0.0/8)",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'TCP connected' → \"\"": {
    equivalent: true,
    analysis: "equivalent: the label of the state machine's transition, shown only in the error an illegal transition would throw; this transition is legal",
  },
  "harness/virtual/mqtt/attempt-end.ts|BlockStatement|{ return REFUSED_STATUSES.has(status) ? { kind: 'tcp-refused', status } : { kind: 'tcp-failed', status }; } → {}": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the end reason of a failed TCP connect (refused or failed, with its status) reaches only personality hooks; the schedule, the logged line and the cloud event do not depend on it",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|!this.#subs.list().some((s) => s.topic === topic) → false": {
    equivalent: false,
    analysis: "not equivalent: unsubscribing a topic the board never subscribed logs `MQTT0 unsub`, sends an UNSUBSCRIBE and returns true, where the library finds no subscription and returns false. It survived because no scenario unsubscribed a topic it never had; closed by check `api.unsub` (HIL.Unsub's return and every UNSUBSCRIBE against the remembered list) and the unsubscribe scenario unsubscribing an unknown topic, personality unsub-any-topic; re-run as mutant 159 at fe48184: killed",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|ack === 'pubrec' && this.#incomingQos2.has(packetId) → false": {
    equivalent: false,
    analysis: "not equivalent: a QoS 2 PUBLISH the broker sends again before its PUBREL (DUP, same id) would be handed to the handler a second time, where the library acknowledges it and delivers once. It survived because no scenario had the broker deliver a QoS 2 message again; closed by the gate fault `withhold-pubrec` and check `delivery.qos2-exactly-once` (the delivery scenario cuts a persistent session on the device's PUBREC; aedes re-sends the PUBLISH, same id, DUP 0), personality qos2-delivered-twice; re-run as mutant 707 on 2026-12-02: killed",
  },
  "harness/virtual/mqtt/tls-errors.ts|StringLiteral|'INVALID_CA' → \"\"": {
    equivalent: false,
    analysis: "not equivalent, in the log only: a handshake Node fails with INVALID_CA is logged with mbedTLS's invalid-record code instead of the verify-failed one (-0x2700); the attempt fails the same. As for the errno of a failed connect: no check reads the logged code, an open gap in diagnostics",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'pingresp' → \"\"": {
    equivalent: false,
    sites: [2, 3],
    analysis: "not equivalent: after a PINGRESP the queue's sent marks are no longer cleared, so a queued QoS 1 message sent on this connection and never acknowledged is not sent again after the next PINGRESP (the library re-sends it, DUP 1, one per PINGRESP). It survived because the withhold-puback fault cut the session at once; closed by its `session: \"keep\"` form and the queue scenario that keeps the session up to the next PINGRESP (`queue.inflight-resend` now judges the same-session re-send), personality no-resend-on-pingresp; re-run as mutants 770 and 768 on 2026-12-02: killed",
  },
  "harness/virtual/mqtt/client.ts|EqualityOperator|buffered > 0 → buffered <= 0": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the edit is inside the personality-only branch (`this.#p.keepsPartialPacket && …`); the faithful board has no such hook, so the condition is false either way",
  },
  "harness/virtual/mqtt/tls-plan.ts|ConditionalExpression|plan.checkName → true": {
    equivalent: false,
    analysis: "not equivalent: the server name is set (and the certificate's name checked) even when the server is an IP address, where mbedTLS gets no server name and checks none. It survived because the lab's certificate names 127.0.0.1, so every IP-address scenario passed either way; closed by the @tls scenario that dials the wrong-name broker by IP address (`tls.server-auth` wants the board to accept it), personality tls-name-for-ip; re-run as mutants 1597, 1501 and 1504 on 2026-12-02: killed",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'tls-failure' → \"\"": {
    equivalent: true,
    sites: 'all',
    analysis: "equivalent for the board qualified: the kind of a failed TLS attempt's end reaches only personality hooks (as for the end of a failed TCP connect); the log lines, the cloud event and the schedule do not read it",
  },
};

/** The analysis written for mutant `m`, minding its site when its edit is made in several places. */
export function writtenAnalysis(m: Pick<MutantInfo, 'file' | 'mutator' | 'original' | 'replacement' | 'site' | 'sites'>, written: typeof analyses = analyses): Analysis | undefined {
  const entry = written[analysisKey(m)];
  if (entry === undefined) return undefined;
  const candidates: readonly Analysis[] = Array.isArray(entry) ? entry : [entry as Analysis];
  if (m.site === undefined || (m.sites ?? 1) <= 1) return candidates[0];
  return candidates.find((a) => a.sites === 'all' || (Array.isArray(a.sites) && a.sites.includes(m.site!)));
}

export function analysisKey(m: Pick<MutantInfo, 'file' | 'mutator' | 'original' | 'replacement'>): string {
  return `${m.file}|${m.mutator}|${m.original.replace(/\s+/g, ' ')} → ${m.replacement.replace(/\s+/g, ' ')}`;
}
