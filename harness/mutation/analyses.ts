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
    analysis: "not equivalent, in the log only: the TLS socket's errors no longer reach the client; its close still does and ends the attempt as a failed handshake, without the mbedTLS error code line. Survived because no check read the logged code then; closed since by `tls.failure-log` (the server-authentication failure and mutual-TLS refusal scenarios want the mbedTLS line and the (-3) status), not yet re-run",
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
  // Written 2026-12-04 for run 4's survivors (commit fb1f005), read against today's code.
  "harness/virtual/mqtt/client.ts|LogicalOperator|deps.resetReason ?? 'POWERON_RESET' → deps.resetReason && 'POWERON_RESET'": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the reset reason goes only into the personality's boot context (`onBoot`), and the board always passes one, so the edit just tells a personality POWERON_RESET after every reset; the faithful board has no `onBoot`",
  },
  "harness/virtual/mqtt/client.ts|ObjectLiteral|{ kind: 'explicit-disconnect' } → {}": {
    equivalent: true,
    analysis: "equivalent for the board qualified: an explicit disconnect's end reason reaches only the personality's `onAttemptEnd`; disconnect() has set rt to −1, so #scheduleReconnect returns before any schedule is planned",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'utf8' → \"\"": {
    equivalent: true,
    sites: [1],
    analysis: "equivalent: Node's Buffer.from takes an empty encoding as utf8 (it falls back to utf8 for any encoding that is not a non-empty string), so HIL.Pub's string payload is the same bytes on the wire",
  },
  "harness/virtual/mqtt/client.ts|LogicalOperator|this.#sm.state === ConnState.Connected && this.#session !== null → this.#sm.state === ConnState.Connected || this.#session !== null": {
    equivalent: false,
    sites: [1],
    analysis: "not equivalent: a subscription made while the socket exists but no CONNACK 0 has come yet (TCP or TLS still connecting, or CONNECT sent) sends its SUBSCRIBE at once, before the session is up, and the topic is subscribed a second time by the re-subscription at the CONNACK; the library sends it only once connected. Survived because no scenario subscribes in that window (a few ms on loopback, and no scenario holds the CONNACK back with `delay` or `blackhole` while subscribing): an open gap; closed on 2026-12-04 by the resubscribe scenario that subscribes while the gate holds the CONNACK 5 s and resubscribe.all-topics failing a SUBSCRIBE before the CONNACK (personality sub-before-connack); re-run as mutant 133 with `--grep 'CONNECT waits'`: killed by resubscribe.all-topics",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|this.#sm.state === ConnState.Destroyed → false": {
    equivalent: true,
    analysis: "equivalent: the board calls destroy() once per client (#halt drops its reference at once, and a reboot makes a new client), so this guard against a second call is never true; a second call would throw on the transition Destroyed → Destroyed anyway",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|s !== ConnState.Unbooted → true": {
    equivalent: true,
    analysis: "equivalent: the state is Unbooted only between the client's construction and boot(), which #initDone calls right after it in the same turn, and nothing in between asks for the connection object",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'invalid' → \"\"": {
    equivalent: false,
    analysis: "not equivalent: a TLS setting the library cannot load (a certificate, key or CA file that does not parse, a cipher list or PSK it rejects) no longer stops the attempt with `Error: Invalid …`; the board dials TLS anyway, with Node's default options (no certificate, no CA). Survived because no scenario at fb1f005 gave the board such a setting; closed since by check `tls.bad-files` and the @tls broken-files scenario (a TCP connection reaches the gate, and there is no `Error:` line); re-run on 2026-12-04 as mutant 323: killed",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'TCP' → \"\"": {
    equivalent: false,
    analysis: "not equivalent, in the log only: a successful plain or TLS connect is logged as `MQTT0  connected ok (0)`, which no library pattern matches, not as `MQTT0 TCP connected ok (0)`. The checks use that line only to judge its absence: for an attempt no gate paired (events.cloud's silent failure) and for a failed handshake (tls.failure-log). The release is also told by `MQTT0 disconnected`, and no check asks for the line of a connect that succeeded: an open gap in diagnostics",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'keepalive-timeout' → \"\"": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the kind of a keep-alive timeout's end reason reaches only personality hooks, as does the whole object (see `{ kind: 'keepalive-timeout', … } → {}`); the `Ping timeout` line and the schedule do not read it",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|transport.phase === 'tcp' → false": {
    equivalent: false,
    analysis: "not equivalent: over WebSocket, a TCP connect that fails (nothing listening) is no longer logged as `MQTT0 TCP connect error (n)` and ends as if the upgrade had been cut. Survived because every failed @ws attempt then got past its TCP connect (refuse-rst, a 404), so no check ever looked for the line; closed since by transport.websocket wanting it for an attempt on a gate that listened on nothing, with the first @ws scenario now starting on a `closed` port; re-run on 2026-12-04 as mutant 397: killed",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|tls.kind === 'tcp' → true": {
    equivalent: false,
    analysis: "not equivalent: a failed TLS handshake is also handled as a failed TCP connect: `MQTT0 TCP connected error (-1)` and a CONNECTERROR come before the mbedTLS line, then `(-3)` and a second CONNECTERROR. Survived because at time scale 20 the failed @tls attempts fell within events.cloud's tail, where no CONNECTERROR was required and two went unjudged, and no check read the connect status. Closed since by events.cloud allowing at most one of an event per attempt, and by `tls.failure-log` (two connect lines, status −1); re-run on 2026-12-04 as mutant 421: killed",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|tls.kind === 'handshake' → false": {
    equivalent: false,
    analysis: "not equivalent: a failed TLS handshake logs neither mbedTLS's code nor `MQTT0 TCP connected error (-3)` and fires no CONNECTERROR; only `MQTT0 disconnected` follows. Survived because events.cloud owes a CONNECTERROR over TLS only where a connect line is logged, and no check read a handshake's lines; closed since by `tls.failure-log` (no mbedTLS error line, no `(-3)` line); re-run on 2026-12-04 as mutant 428: killed",
  },
  "harness/virtual/mqtt/client.ts|ObjectLiteral|{ kind: 'tls-failure', mbedtlsCode: tls.mbedtlsCode } → {}": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the end reason of a failed handshake reaches only personality hooks (as for 'tls-failure' → \"\"); the mbedTLS line, the connect line and the CONNECTERROR come before it and do not read it",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|this.#sm.state === ConnState.Connected → false": {
    equivalent: true,
    sites: [4],
    analysis: "equivalent for the board qualified: only the end reason changes (a lost session is reported as closed before CONNACK), and it reaches personality hooks alone; #endSession decides from the state itself whether the session counted as up (the `disconnected` line over WebSocket, DISCONNECTED, the handlers' close)",
  },
  "harness/virtual/mqtt/client.ts|ObjectLiteral|{ kind: 'closed-before-connack' } → {}": {
    equivalent: true,
    sites: [2],
    analysis: "equivalent for the board qualified: the end reason of a socket closed before CONNACK reaches only personality hooks; the log, the cloud events and the schedule do not read it",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|session === null → false": {
    equivalent: true,
    sites: [2],
    analysis: "equivalent: #endSession is only reached with a session. disconnect() returns first when there is none, the socket and data handlers act only for the current session, a session's keep-alive is stopped when it ends, and no handler calls back into the client synchronously. So the guard is never true (made false and reached, it would throw on `session.keepAlive`)",
  },
  "harness/virtual/mqtt/client.ts|BooleanLiteral|!(session.transport instanceof WsTransport) → session.transport instanceof WsTransport": {
    equivalent: false,
    analysis: "not equivalent, in the log only: `MQTT0 disconnected` is no longer printed when a plain or TLS attempt ends without a session (a failed connect or handshake, a refused CONNACK, a close or ping timeout before CONNACK). It is printed instead after every WebSocket attempt that fails before its CONNACK, where mgos_mqtt_ws_ev keeps MG_EV_CLOSE from the MQTT handler. No check holds that line to how an attempt ended (attempts.ts falls back on it only for an attempt no gate saw): an open gap in diagnostics",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|this.#p.connHandlerCalled?.({ packet: 'puback', packetId: id }, true) ?? true → true": {
    equivalent: true,
    analysis: "equivalent for the board qualified: without a personality the `connHandlerCalled` hook is absent, so the expression is already true; the edit only takes away a personality's say over whether the connection handlers hear of a PUBACK",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|case 'pubrel': { const id = packet.messageId ?? 0; this.#incomingQos2.delete(id); if (this.#p.answerPubrel?.({ packetId: id }, true) ?? true) this.#send(session, { cmd: 'pubcomp', messageId: id }); return; } → case 'pubrel':": {
    equivalent: false,
    analysis: "not equivalent: a PUBREL gets no PUBCOMP and falls through to the UNSUBACK case, so the connection handlers print a spurious `unsuback` 0, and the id stays among the QoS 2 messages awaiting PUBREL (a later message with that id in the session would be taken for a redelivery and not delivered). Survived because no check asked for the PUBCOMP; closed since by `delivery.qos2-exactly-once` wanting one PUBCOMP for every PUBREL (MQTT-4.3.3-2), personality pubrel-unanswered; re-run on 2026-12-04 as mutant 590: killed",
  },
  "harness/virtual/mqtt/client.ts|EqualityOperator|own.length === 0 → own.length !== 0": {
    equivalent: false,
    analysis: "not equivalent: the connection handlers hear of a SUBACK when one of the board's own subscriptions owned its id, so the JS event handler prints EV_SUBACK 209 after each subscription. They no longer hear of one that no subscription owned, the opposite of what call_topic_handler does. Survived because api.js-event-handler shows SUBACK calls without failing them (the doc lists EV_SUBACK, the impl does not pass it on), and in the lab the faithful board never gets a SUBACK that no subscription owns: an open gap",
  },
  "harness/virtual/mqtt/client.ts|BlockStatement|{ this.#startKeepAlive(session, session.pendingPingAfterMs); session.keepAlive?.noteSent(); } → {}": {
    equivalent: false,
    analysis: "not equivalent: over WebSocket the keep-alive never starts, so an idle session sends no PINGREQ and a silent broker is never timed out. Survived because no @ws scenario kept a session idle past keep_alive; closed since by the first @ws scenario running with keep_alive 5 and waiting on an idle session, where keepalive.ping (judged incidentally) fails it; re-run on 2026-12-04 as mutant 655: killed",
  },
  "harness/virtual/mqtt/client.ts|OptionalChaining|session.keepAlive?.noteSent → session.keepAlive.noteSent": {
    equivalent: true,
    sites: [2],
    analysis: "equivalent: #startKeepAlive has just set `session.keepAlive`, so the optional chain never meets null here",
  },
  "harness/virtual/mqtt/client.ts|BlockStatement|{ this.#queuePhase = QueuePhase.Drained; } → {}": {
    equivalent: true,
    analysis: "equivalent: at a CONNACK with an empty queue the phase is already drained. It starts drained, and #replayStep drains it whenever an ack or a QoS 0 replay empties the queue in a session; on the faithful board nothing else empties the queue (only the keepQueueOnClose hook can, at a close)",
  },
  "harness/virtual/mqtt/client.ts|EqualityOperator|qos > 0 → qos <= 0": {
    equivalent: false,
    sites: [1],
    analysis: "not equivalent: a raw handler is told no packet id for a QoS 1 or 2 PUBLISH (and id 0 for a QoS 0 one), where mongoose passes the message's id. Survived because events.handler-set matched only lines with the right id and did not require the QoS 1 line near a drop or the end, so the line without an id went unjudged; closed since by events.handler-set failing a line for that message that names another packet id or none; re-run on 2026-12-04 as mutant 766: killed",
  },
  "harness/virtual/mqtt/client.ts|LogicalOperator|this.#sm.state !== ConnState.Connected || session !== this.#session → this.#sm.state !== ConnState.Connected && session !== this.#session": {
    equivalent: true,
    analysis: "equivalent against the lab's brokers: the replay step runs only at a CONNACK 0 or on a PUBACK, PUBREC or PINGRESP read on the current session, and a broker sends those only after its CONNACK (MQTT-3.2.0-1), so the state is always Connected there. A broker that acknowledged before its CONNACK would see the queue replayed before the session was up",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|this.#sm.state !== ConnState.Connected || session !== this.#session → false": {
    equivalent: true,
    analysis: "equivalent against the lab's brokers: as for the same test with `&&`: the step is only reached on the current session once it is Connected, since a broker sends PUBACK, PUBREC and PINGRESP only after its CONNACK (MQTT-3.2.0-1); a broker that did otherwise would see the queue replayed before the session was up",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|session !== this.#session → false": {
    equivalent: true,
    sites: [6],
    analysis: "equivalent: every call passes the session whose packet is being handled, and #onData handles a packet only while that session is the current one, with nothing in between that can end it, so `session !== this.#session` is never true here",
  },
  "harness/virtual/mqtt/connection-state.ts|ConditionalExpression|this.#state === ConnState.TcpConnecting || this.#state === ConnState.AwaitingConnack → false": {
    equivalent: false,
    analysis: "not equivalent: the board thinks it has no socket from the attempt's start until its CONNACK (the TCP connect and the wait for the CONNACK), not only during the TCP connect as with the TcpConnecting edit alone: HIL.GlobalConn answers NULL and set_max_qos is refused in that window, and an HIL.Connect (or a reconnect timer left pending) then opens a second connection, with a `connecting to` line and a CONNECTING event, and throws on the illegal transition. Survived because no scenario calls into the board while a CONNECT waits for its CONNACK (a `blackhole` gate holds it there for two keep-alives, but nothing is asked meanwhile), and events.handler-set does not judge a GlobalConn made during an attempt (only over a session or after an explicit disconnect); an open gap; closed on 2026-12-04: the same scenario asks HIL.GlobalConn while the gate holds the CONNACK, and events.handler-set wants a conn over a call made while a connection's CONNECT waits (personality global-conn-after-connack); re-run as mutant 948 (and 952, the AwaitingConnack edit alone) with `--grep 'CONNECT waits'`: killed by events.handler-set",
  },
  "harness/virtual/mqtt/handshake.ts|StringLiteral|'MQTT' → \"\"": {
    equivalent: true,
    analysis: "equivalent: mqtt-packet's generate writes 'MQTT' for an empty protocolId (`settings.protocolId || 'MQTT'`), so the CONNECT is the same byte for byte; nothing else reads the packet's protocol name (a connect callback is handed the options, not the packet)",
  },
  "harness/virtual/mqtt/packet-framer.ts|LogicalOperator|packet === undefined || this.#decoded.length !== 1 → packet === undefined && this.#decoded.length !== 1": {
    equivalent: true,
    analysis: "equivalent: the edit matters only for a frame that decodes to a packet and something more, and none can: #decode hands the parser exactly one packet's bytes (the size comes from the same remaining-length varint the parser reads), mqtt-packet emits one packet for each remaining length it consumes, and a parser left in error drops its buffer on the next parse",
  },
  "harness/virtual/mqtt/packet-ids.ts|ObjectLiteral|{ candidate: this.#last, heldByQueue } → {}": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the object is only the context handed to a personality's `packetIdSkipped` hook; the faithful board has no such hook and takes the `faithful` argument (0, or held by the queue), which the edit does not touch",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|host !== '' → true": {
    equivalent: true,
    analysis: "equivalent: `host` is mqtt.server, and the WebSocket transport is only made after #connect found a server (an empty one returns before any socket is opened), so the test is always true and no request could get an empty `Host:` line",
  },
  "harness/virtual/mqtt/ws-transport.ts|StringLiteral|`Host: ${host}\\r\\n` → ``": {
    equivalent: false,
    analysis: "not equivalent: the upgrade request goes out with no Host header (RFC 6455 §4.1 requires one; the library sends the configured server). Survived because at fb1f005 transport.websocket showed the Host it got without judging it, and the gate's ws server accepts a request without one; closed since by transport.websocket requiring a Host header on every upgrade (d1ad7f1), judged in every @ws scenario; re-run on 2026-12-04 as mutant 1843: killed",
  },
  "harness/virtual/mqtt/ws-transport.ts|StringLiteral|'' → \"Stryker was here!\"": {
    equivalent: true,
    sites: [3],
    analysis: "equivalent: this `''` is the one in `protocol !== ''`, and `protocol` is always its default 'mqtt' (the transport passes no fourth argument), so the test is true either way and the request always offers `Sec-WebSocket-Protocol: mqtt`",
  },
  "harness/virtual/mqtt/ws-transport.ts|EqualityOperator|i < len → i <= len": {
    equivalent: true,
    sites: [1],
    analysis: "equivalent: the extra turn of clientFrame's masking loop writes body[len], one past the end of a Buffer of length len, and a typed array ignores that write; every frame the board sends is the same byte for byte",
  },
  "harness/virtual/mqtt/ws-transport.ts|ArithmeticOperator|off + len → off - len": {
    equivalent: false,
    sites: [1],
    analysis: "not equivalent: a server frame whose bytes arrive over several reads is taken as soon as its header is in: its payload is cut to what has arrived and its remaining bytes are read as the next frame's header, so a CONNACK in a frame cut by a read never completes and the board never subscribes. Survived because the gate's ws server wrote every frame in one write; closed since by the @ws scenario whose second session runs under `segment` with ws: 'tcp' (d1ad7f1), where transport.segmented wants the SUBSCRIBE after a CONNACK 0 sent in pieces and a PUBACK for the 200-byte delivery; re-run on 2026-12-04 as mutant 1921: killed",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|fragment → true": {
    equivalent: true,
    analysis: "equivalent: for an unfragmented data frame (FIN set, not a continuation) #fragments is null at that point (otherwise the test above would have ended the read with an error), so the fragment path starts a list holding that one payload and, since FIN is set, emits it at once and clears the list: the same data as the direct path",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|crlf < 0 && lf < 0 → false": {
    equivalent: false,
    analysis: "not equivalent: headEnd never waits for the blank line, so an upgrade answer whose head arrives over several reads is parsed at its first read (all of it but the last byte): a head cut before its Sec-WebSocket-Accept line is taken as a refusal (the attempt fails), and one cut after it opens the session and passes the answer's own bytes from offset 3 to the frame reader. Survived because the gate's ws server writes its 101 (and its refusals) in one write, which loopback delivers in one read, and `segment` cuts only MQTT packets once the upgrade is done; an open gap (no upgrade answer ever arrives in pieces)",
  },
  "harness/virtual/mqtt/ws-transport.ts|EqualityOperator|lf >= 0 → lf > 0": {
    equivalent: true,
    analysis: "equivalent: lf is 0 only when the answer begins with an empty line, and every answer begins with its status line (`HTTP/1.1 …`, from ws and from any HTTP server); at every other position `lf > 0` and `lf >= 0` agree",
  },
  "harness/virtual/mqtt/ws-transport.ts|Regex|/\\r?\\n/ → /\\r\\n/": {
    equivalent: true,
    analysis: "equivalent against the lab's gate: the answer's lines would no longer be split at a bare LF, so an answer with LF-only line ends (which mongoose accepts, as headEnd does) would lose its Sec-WebSocket-Accept header and be refused. But the gate's ws server (8.23.0) ends every line with CRLF, as HTTP requires of a sender, so the lines are the same; a server that sent bare LFs would tell them apart",
  },
  "harness/virtual/mqtt/ws-transport.ts|MethodExpression|lines.slice(1) → lines": {
    equivalent: true,
    analysis: "equivalent: the status line joins the lines searched for Sec-WebSocket-Accept, but a first line that matched `sec-websocket-accept:` could not also match `HTTP/x.y nnn`, so its status would be 0 and the answer would be refused anyway",
  },
  "harness/virtual/mqtt/ws-transport.ts|BlockStatement|{ return this.#phase; } → {}": {
    equivalent: false,
    analysis: "not equivalent, in the log: `phase` reads undefined, so a WebSocket attempt whose TCP connect fails (nothing listening) is taken for a close during the upgrade: there is no `MQTT0 TCP connect error (n)` line (and the end reason, which only personality hooks read, becomes closed-before-connack). Survived because at fb1f005 the first @ws scenario was refused with `refuse-rst`, after the TCP connect had succeeded; closed since by that scenario starting on a `closed` port, with transport.websocket wanting the failed-connect line of every attempt made there (98afbc6); re-run on 2026-12-04 as mutant 2064: killed",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|this.#phase !== 'open' → false": {
    equivalent: false,
    sites: [1],
    analysis: "not equivalent: on a refused upgrade (any answer but a 101 with the accept header), the CONNECT the MQTT handler composes on the 'connected' it is told about goes out raw on the TCP socket just before the board destroys it, where mongoose closes at once (MG_F_CLOSE_IMMEDIATELY) and sends nothing; this is the only write made while the transport is not open. Survived because the gate reads nothing on a connection once it has sent its 404 (it records the refusal and closes), so the bytes are never seen; an open gap",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|status === 101 && hasAccept → true": {
    equivalent: false,
    analysis: "not equivalent: every complete answer opens the session, a 404 included: after the refusal the board sends its CONNECT in a frame and keeps the connection until the gate's FIN closes it, instead of closing at once; against a server that refused and left the connection open, it would sit waiting for a CONNACK. Survived because the gate closes right after its 404 and reads nothing after it, so the attempt ends within a millisecond as before (same lines, same schedule); an open gap",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|rest.length > 0 → true": {
    equivalent: true,
    analysis: "equivalent: when nothing follows the head, #onFrames gets an empty buffer; the frame reader (still fresh at the upgrade) finds fewer than two bytes and returns no frame",
  },
  "harness/virtual/mqtt/ws-transport.ts|ConditionalExpression|this.#phase !== 'open' || this.inner.destroyed === true → false": {
    equivalent: true,
    analysis: "equivalent: `#phase !== 'open'` never holds in the frame loop (#onFrames runs only on an open transport, and nothing moves the phase away from 'open'), so the edit does the same as dropping `this.inner.destroyed === true`: the frames after a data frame whose handler ended the session are data the client ignores (the session is no longer its own) or a ping whose pong is written to a destroyed socket and goes nowhere; close and error frames leave the loop themselves",
  },
  "harness/virtual/mqtt/ws-transport.ts|StringLiteral|'ping' → \"\"": {
    equivalent: false,
    sites: [2],
    analysis: "not equivalent: no ping frame matches a case of the frame loop, so the board never answers a server's ping with a pong (RFC 6455 §5.5.2; mongoose answers every ping). Survived because the gate's ws server never pinged; closed since by the @ws scenario with the `segment` fault (ws: 'fragments'), which puts a ping between the first two fragments, and by transport.websocket wanting a pong for every ping the gate sent (d1ad7f1; personality ws-no-pong); re-run on 2026-12-04 as mutant 2159: killed",
  },
  "harness/virtual/mqtt/console-topics.ts|ConditionalExpression|!(mqtt.personality.consolePublished?.({ stream, topic }, true) ?? true) → false": {
    equivalent: true,
    analysis: "equivalent for the board qualified: without a personality the `consolePublished` hook is absent, so the test is `!(undefined ?? true)`, already false; the edit only stops a personality from keeping a line off the console topic (the kill matrix's debug-topic-ignored would show it)",
  },
  "harness/virtual/mqtt/log-lines.ts|BlockStatement|{ this.sink(MG, 10307, 'Send PINGREQ', LL_DEBUG); } → {}": {
    equivalent: false,
    analysis: "not equivalent, in the log only: the LL_DEBUG `Send PINGREQ` line that the virtual board prints before every keep-alive PINGREQ is gone, though the PINGREQ still goes out (keepalive.ping judges it from the gate). Survived because no check asks for that line: debug.console-topics only forbids it on a console topic. An open gap in diagnostics (a real board prints it only at debug.level 3)",
  },
  "harness/virtual/mqtt/server-address.ts|StringLiteral|'' → \"Stryker was here!\"": {
    equivalent: false,
    sites: [2],
    analysis: "not equivalent: with the active config's `server` empty, the board no longer stops at `MQTT requires server name` with no attempt. Instead it logs `MQTT0 connecting to :1883`, fails the lookup of the empty host (`TCP connected error (-1)`, CONNECTING/CONNECTERROR) and keeps reconnecting on the schedule. Survived because no scenario leaves the active server empty: the failover scenario's empty mqtt1.server is never dialled, since the faithful schedule does not switch to it. An open gap",
  },
  "harness/virtual/mqtt/socket-errors.ts|EqualityOperator|typeof code === 'string' → typeof code !== 'string'": {
    equivalent: false,
    analysis: "not equivalent, in the log only: every failed TCP connect, plain or under WebSocket, logs status -1 instead of the Linux errno (`MQTT0 TCP connected error (111)` for a refusal, 104 for a reset). The end reason becomes tcp-failed instead of tcp-refused, which reaches only personality hooks. No check reads the number: events.cloud and transport.websocket want the line, and tls.failure-log reads statuses only for a failed handshake. The same open gap in diagnostics as the other errno survivors",
  },
  "harness/virtual/mqtt/subscriptions.ts|ConditionalExpression|i < 0 → false": {
    equivalent: true,
    analysis: "equivalent for the board qualified: `remove` is called only from unsub, after unsub found a subscription with exactly that topic, so `findIndex` never gives -1 there (nothing in between touches the list). Only a personality whose `unsubFindsTopic` says yes to an unknown topic (unsub-any-topic) would reach it, and `splice(-1, 1)` would then drop the oldest subscription",
  },
  "harness/virtual/mqtt/tls-errors.ts|UnaryOperator|-0x7780 → +0x7780": {
    equivalent: false,
    analysis: "not equivalent, in the log only: a handshake the broker refuses with an alert is logged as `mbedTLS error: -0x-7780`, where mbedTLS prints -0x7780; the attempt still fails with status -3. It survived because no check read the logged code at fb1f005. Closed since by tls.failure-log in the mutual-TLS refusal scenario: the gate sees its own handshake-failure alert, the board's Node client fails with ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE, and the line does not parse, so the check reports no mbedTLS error line for -0x7780; re-run on 2026-12-04 as mutant 1440: killed",
  },
  "harness/virtual/mqtt/tls-errors.ts|StringLiteral|'UNABLE_TO_GET_ISSUER_CERT' → \"\"": {
    equivalent: false,
    analysis: "not equivalent, in the log only: a handshake that Node fails with UNABLE_TO_GET_ISSUER_CERT is logged with the invalid-record code -0x7200 instead of the verify-failed -0x2700, and an error with no code would be logged -0x2700; the attempt fails the same. tls.failure-log would judge it, but no lab handshake fails that way: the unrelated CA's leaf gives UNABLE_TO_VERIFY_LEAF_SIGNATURE, the expired one CERT_HAS_EXPIRED, the wrong name ERR_TLS_CERT_ALTNAME_INVALID. An open gap",
  },
  "harness/virtual/mqtt/tls-errors.ts|StringLiteral|'CERT_UNTRUSTED' → \"\"": {
    equivalent: false,
    analysis: "not equivalent, in the log only: a handshake that Node fails with CERT_UNTRUSTED is logged -0x7200 instead of -0x2700 (and an error with no code -0x2700 instead of -0x7200). As for UNABLE_TO_GET_ISSUER_CERT, tls.failure-log would see it, but no lab certificate makes Node fail with that code: an open gap",
  },
  "harness/virtual/mqtt/tls-errors.ts|ObjectLiteral|{ kind: 'handshake', mbedtlsCode: MBEDTLS_CERT_VERIFY_FAILED } → {}": {
    equivalent: false,
    analysis: "not equivalent: a broker certificate the board rejects (unknown CA, expired, wrong name) gets a failure of no kind, so the attempt ends with neither the `mbedTLS error: -0x2700` line nor `MQTT0 TCP connected error (-3)`, and no CONNECTERROR; the schedule goes on the same. It survived because no check read a failed handshake's lines at fb1f005. Closed since by tls.failure-log in the three server-authentication failure scenarios: each attempt followed by another is reported as having no mbedTLS error line and no (-3) line; re-run on 2026-12-04 as mutant 1470: killed",
  },
  "harness/virtual/mqtt/tls-plan.ts|StringLiteral|'ECDHE-ECDSA-AES128-SHA256' → \"\"": {
    equivalent: false,
    analysis: "not equivalent on the wire: TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256 maps to nothing, so the default ClientHello offers one suite fewer, and an ssl_cipher_suites that names only this suite would fail every attempt with `Invalid cipher suite list`. Against the lab's broker the handshake still picks ECDHE-ECDSA-AES128-GCM-SHA256, the board's first suite. The gate does not record the offered suites and no scenario sets ssl_cipher_suites to it: an open gap",
  },
  "harness/virtual/mqtt/tls-plan.ts|StringLiteral|'DHE-RSA-AES128-GCM-SHA256' → \"\"": {
    equivalent: false,
    analysis: "not equivalent on the wire: TLS-DHE-RSA-WITH-AES-128-GCM-SHA256 maps to nothing, so the ClientHello no longer offers it, and an ssl_cipher_suites naming only it would fail with `Invalid cipher suite list`. The lab cannot see this: its certificates are ECDSA, the gate's list has no DHE suite, and the gate does not record the offered suites. An open gap for a broker with an RSA certificate that insists on DHE",
  },
  "harness/virtual/mqtt/tls-plan.ts|StringLiteral|'TLS-ECDHE-RSA-WITH-AES-128-CBC-SHA256' → \"\"": {
    equivalent: false,
    analysis: "not equivalent on the wire: the default list loses TLS-ECDHE-RSA-WITH-AES-128-CBC-SHA256 ('' names no suite and is skipped), so the ClientHello offers one suite fewer. With the lab's ECDSA certificates no RSA suite can be chosen, and the gate does not record the offered suites: an open gap, as for the other ClientHello suites",
  },
  "harness/virtual/mqtt/tls-plan.ts|ConditionalExpression|!ca?.includes('-----BEGIN CERTIFICATE-----') → false": {
    equivalent: false,
    analysis: "not equivalent: a CA file that does not parse no longer stops the attempt with `Error: Invalid SSL CA cert`. Its bytes are handed to Node as the CA, which takes them silently, so a TLS connection opens and then fails verification. It survived because no scenario gave the board a broken CA file at fb1f005. Closed since by tls.bad-files in the @tls broken-files scenario, whose second phase points ssl_ca_cert at broken.pem: a TCP connection reaches the gate and the Error line is missing; re-run on 2026-12-04 as mutant 1625: killed",
  },
  "harness/virtual/mqtt/tls-plan.ts|ConditionalExpression|identity === '' || key === '' || !(key.length === 32 || key.length === 64) → false": {
    equivalent: false,
    analysis: "not equivalent: only the hex test is left, so a PSK key of the wrong length (any run of hex digits) is offered in the handshake instead of failing the attempt before any socket with `Error: Invalid PSK settings`. The same goes for a key beside an empty ssl_psk_identity when TLS is on. The only PSK scenario gives a good identity and a 32-digit key, and no check judges PSK settings the library rejects: an open gap",
  },
  "harness/virtual/mqtt/tls-transport.ts|StringLiteral|'handshake' → \"\"": {
    equivalent: true,
    analysis: "equivalent: after the TCP connect the phase is '' instead of 'handshake', and only two things read it. tlsFailureOf treats every phase but 'tcp' the same way. The close handler's test for a handshake the peer cut short needs a close with no error, and Node's TLS socket never closes before its secure connect without an error first (FIN or RST gives ECONNRESET, a bad answer an SSL error; tried on Node 20); that error ends the attempt, so the close is ignored",
  },
  "harness/virtual/mqtt/tls-transport.ts|ArrowFunction|(err: Error) => this.emit('error', Object.assign(err, { tlsPhase: this.#phase })) → () => undefined": {
    equivalent: false,
    analysis: "not equivalent: the TLS socket's errors no longer reach the client, and only its close ends the attempt. A failed handshake ends with no mbedTLS line, no `TCP connected error (-3)` and no CONNECTERROR, and a refused TCP connect logs -1 instead of the errno. It survived because no check read those lines at fb1f005. Closed since by tls.failure-log in the server-authentication failure and mutual-TLS refusal scenarios (no mbedTLS error line, no (-3)); re-run on 2026-12-04 as mutant 1709: killed",
  },
  "harness/virtual/mqtt/tls-transport.ts|BlockStatement|{ return this.#phase !== 'secure'; } → {}": {
    equivalent: false,
    analysis: "not equivalent: the TLS transport no longer reports itself as connecting, so the client takes it as connected on the next microtask. It logs `MQTT0 TCP connected ok (0)` and writes CONNECT (Node holds it until the handshake) before even the TCP connect. A handshake that then fails ends as closed-before-connack, with no mbedTLS line, no (-3) and no CONNECTERROR. Closed since by tls.failure-log in the server-authentication failure and mutual-TLS refusal scenarios: a connect line with status 0 for a failed handshake; re-run on 2026-12-04 as mutant 1716: killed",
  },
  "harness/virtual/mqtt/tls-transport.ts|BlockStatement|{ this.socket.destroy(); } → {}": {
    equivalent: false,
    analysis: "not equivalent: when the board ends a live TLS connection itself (a refused CONNACK, a keep-alive timeout, a packet over recv_mbuf_limit, a malformed packet), the socket is left open at the broker while the client forgets it and starts its next attempt beside it. It survived because every TLS connection in the lab was closed by the gate, or by Node itself after a failed verification, before the board ended it. No @tls scenario had the board end a TLS session; closed on 2026-12-04 by the @tls silent-broker scenario (`keepalive.silent-broker`); re-run as mutant 1725: killed",
  },
  "harness/virtual/mqtt/topic-match.ts|ConditionalExpression|i < f.length → false": {
    equivalent: false,
    analysis: "not equivalent: the level loop never runs, so a filter matches any topic with as many levels, whatever its names or wildcards, and `#` no longer matches its parent or deeper topics. In the resubscribe scenarios all three filters have three levels, so each delivery is handed to all three handlers (three `msg` lines where one is due). It survived because resubscribe.delivery wants a `msg` line, not one per matching subscription, and no message went to a topic of another depth than its `#` filter: an open gap; closed the same day by resubscribe.delivery counting one msg line per matching subscription (personality handler-first-match-only); re-run on 2026-12-04 as mutant 1741: killed",
  },
  // ── run 5 (2026-12-04, d01c0a7, --sample 100 --seed 5): survivors not met before ──
  "harness/virtual/mqtt/tls-plan.ts|ConditionalExpression|section.ssl_cert === '' → true": {
    equivalent: false,
    analysis: "not equivalent: a config with a client certificate but neither ssl_ca_cert nor a PSK identity is taken as plain MQTT, so the board dials the TLS port without a handshake, where mongoose makes the connection TLS as soon as any of ssl_cert, ssl_ca_cert or a PSK is set (and verifies nothing without a CA). The virtual board's unit test (tls.test.ts, client certificate only) shows the faithful behaviour, but no qualification scenario sets ssl_cert without ssl_ca_cert: an open gap",
  },
  "harness/virtual/mqtt/console-topics.ts|StringLiteral|'2.20.0' → \"\"": {
    equivalent: false,
    analysis: "not equivalent, but only for release 2.20.0 (`logVariant: '2.20.0'`): that release has no debug_use_log_level and always writes the fd number; with the edit a 2.20.0 board honours the key. The qualification runs the virtual board as the current release, where the line is the same; debug.console-topics would judge a 2.20.0 board's payloads, but no scenario runs one: the same open gap as the release-2.20.0 cloud events",
  },
  "harness/virtual/mqtt/tls-plan.ts|ConditionalExpression|identity === '' || key === '' → false": {
    equivalent: false,
    analysis: "not equivalent: a PSK key beside an empty ssl_psk_identity is offered in the handshake with an empty identity instead of failing the attempt with `Error: Invalid PSK settings` before any socket (an empty key still fails, on its length). The only PSK scenario gives a good identity and key: the same open gap as the wrong-length key (run 4's 1623)",
  },
  "harness/virtual/mqtt/tls-plan.ts|ConditionalExpression|failsOn('ssl_key', keyFile) → true": {
    equivalent: true,
    analysis: "equivalent for the board qualified: failsOn asks the personality's badTlsFile hook and is already true without one; only tls-skips-bad-file changes it, and no personality is loaded on a mutant's board",
  },
  "harness/virtual/mqtt/client.ts|ConditionalExpression|typeof message === 'string' → true": {
    equivalent: true,
    analysis: "equivalent: Buffer.from of a Uint8Array copies its bytes and ignores a second argument (an encoding applies to strings only), so a byte payload goes out the same; a string payload takes the same branch as before",
  },
  "harness/virtual/mqtt/client.ts|BlockStatement|{ return this.#unsentBytes(); } → {}": {
    equivalent: false,
    analysis: "not equivalent: mgos_mqtt_num_unsent_bytes answers nothing (undefined) to its one caller here, the console-topic publisher, whose pushback (no console line is published while the send buffer holds LOG_PUSHBACK_THRESHOLD bytes or more) then never holds back. HIL.Status reads the count directly, so api.unsent-bytes still sees it. Survived because no scenario fills the send buffer past the threshold while a console topic is set: an open gap",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'none' → \"\"": {
    equivalent: true,
    sites: 'all',
    analysis: "equivalent at both places in #onPublish: the faithful ack of a QoS 0 PUBLISH is never used (the next line takes QoS 0 itself before asking the incomingAck hook), and the ack that line gives QoS 0 is only ever compared with 'puback' and 'pubrec', so '' acts as 'none' does: nothing is sent and the message is handed on",
  },
  "harness/virtual/mqtt/reconnect-schedule.ts|EqualityOperator|active !== input.active → active === input.active": {
    equivalent: true,
    analysis: "equivalent for the board qualified: `switched` only decides when the client resets its count of failed attempts on the active config, and that count reaches nothing but the shouldSwitchConfig hook (failover-early); the faithful switch goes by the delay reaching the maximum, and no personality is loaded on a mutant's board",
  },
  "harness/virtual/mqtt/tls-plan.ts|StringLiteral|'' → \"Stryker was here!\"": {
    equivalent: false,
    sites: [11],
    analysis: "not equivalent: one emptiness test of the PSK settings no longer matches '', so a PSK key beside an empty ssl_psk_identity is offered with an empty identity instead of failing with `Error: Invalid PSK settings` (an empty key still fails its length test). The only PSK scenario gives a good identity and key: the same open gap as run 4's 1623",
  },
  "harness/virtual/mqtt/ws-transport.ts|OptionalChaining|/^HTTP\\/\\d\\.\\d (\\d{3})/.exec(lines[0] ?? '')?.[1] → /^HTTP\\/\\d\\.\\d (\\d{3})/.exec(lines[0] ?? '')[1]": {
    equivalent: false,
    analysis: "not equivalent: an upgrade answer whose first line is not an HTTP status line throws a TypeError in parseAnswer instead of being taken as a refusal (status 0), so the board's WebSocket attempt breaks rather than failing and being rescheduled. Survived because the gate's WebSocket listener always answers with an HTTP status line (101, 400, 404 or 426): an open gap, with the WebSocket answers never sent in pieces (run 4's 1954)",
  },
  "harness/virtual/mqtt/client.ts|UpdateOperator|guard-- → guard++": {
    equivalent: false,
    analysis: "not equivalent: the replay loop no longer ends when its count runs out but only when no entry is left, and that exit returns before the queue is marked drained. When every queued entry goes out at QoS 0 (a cap of 0 at the replay), the queue empties but stays `replaying` until the next CONNACK, ack or PINGRESP calls the step again, and a new QoS ≥ 1 publish meanwhile is queued instead of sent at once. Survived because no scenario publishes at QoS ≥ 1 right after a replay that went out entirely at QoS 0: an open gap",
  },
  "harness/virtual/mqtt/client.ts|StringLiteral|'connack-refused' → \"\"": {
    equivalent: true,
    analysis: "equivalent for the board qualified: the kind of an attempt's end reaches the personality hooks (onAttemptEnd, the backoff hooks' lastEnd) and the closesSocket hook's context; the faithful schedule after a refused CONNACK does not read it, and no personality is loaded on a mutant's board",
  },
  "harness/virtual/mqtt/client.ts|LogicalOperator|this.#p.firstSendDup?.({ packetId, qos: wireQos }, false) ?? false → this.#p.firstSendDup?.({ packetId, qos: wireQos }, false) && false": {
    equivalent: true,
    analysis: "equivalent for the board qualified: without the firstSendDup hook the call is undefined, and `undefined && false` is as falsy as `?? false`: a first send goes out with DUP 0 either way",
  },
  "harness/virtual/mqtt/subscriptions.ts|ConditionalExpression|s.subId === packetId → true": {
    equivalent: false,
    analysis: "not equivalent: every subscription owns every SUBACK, so each raw handler is told of the SUBACKs of all the board's SUBSCRIBEs, and the connection handlers never hear of a SUBACK once any subscription exists. Survived because the raw-handler scenario makes no other subscription (events.handler-set would fail a SUBACK of another SUBSCRIBE), and api.js-event-handler shows SUBACK calls without failing them: the same open gap as run 4's 622",
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
