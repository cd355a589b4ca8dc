/**
 * Where every expectation of the reference model comes from. A verdict names the
 * sources behind it, so a qualification report can say whether a board follows the
 * library's documentation (`doc`), its C implementation (`impl`), or the MQTT 3.1.1
 * standard (`mqtt-3.1.1`). Doc sentences are quoted as the behaviour spec gives them;
 * impl facts are stated in our own words (see mqtt-client-behaviour.md).
 */

export type SourceKind = 'doc' | 'impl' | 'mqtt-3.1.1';

export interface Source {
  id: string;
  kind: SourceKind;
  text: string;
}

/** What a verdict carries: the whole source, so a report needs no lookup. */
export type SourceRef = Source;

const catalogue = {
  // ── the library's README ("MQTT" page of the Mongoose OS docs) ──
  'doc.backoff.example': {
    kind: 'doc',
    text: 'With the defaults the device makes "attempts after 2, 4, 8, 16, 32 and 60 seconds".',
  },
  'doc.failover.same-way': {
    kind: 'doc',
    text: 'When the primary server cannot be reached the device "will try to connect to mqtt1 the same way" (2, 4, 8 … seconds).',
  },
  'doc.failover.keeps-alive': {
    kind: 'doc',
    text: 'With a backup configured the device switches between the servers and "keeps that connection alive": it never gives up connecting.',
  },
  'doc.pub': {
    kind: 'doc',
    text: 'mgos_mqtt.h: mgos_mqtt_pub(topic, message, len, qos, retain) "Publish message to the configured MQTT server, to the given MQTT topic. Return value will be the packet id (> 0) if there is a connection to the server and the message has been queued for sending."',
  },
  'doc.pub.offline-zero': {
    kind: 'doc',
    text: 'mgos_mqtt_pub: "In case no connection is available, 0 is returned".',
  },
  'doc.js-pub.return': {
    kind: 'doc',
    text: 'JS MQTT.pub returns "0 on failure, 1 on success".',
  },
  'doc.max-qos.set': {
    kind: 'doc',
    text: 'mgos_mqtt_set_max_qos(int) sets the max QoS at run time: "some servers, particularly AWS GreenGrass, accept only QoS0 … an attempt to use any other QoS results in silent disconnect".',
  },
  'doc.max-qos.transparent': {
    kind: 'doc',
    text: 'The downgrade is transparent to the application, "instead of forcing all client code to track such server\'s quirks".',
  },
  'doc.config.connect': {
    kind: 'doc',
    text: 'Configuration block: client_id, user, pass, clean_session, keep_alive, will_topic, will_message are sent in CONNECT.',
  },

  // ── the library's C source (mongoose-os-libs/mqtt, src/mgos_mqtt_conn.c, src/mgos_mqtt.c, mos.yml) ──
  'impl.backoff.rule': {
    kind: 'impl',
    text: 'After an attempt ends without a usable session: (1) failover rule; (2) if rt ≤ 0 then rt = 1000; (3) rt = clamp(2·rt, 1000·min, 1000·max) of the active config.',
  },
  'impl.backoff.floor': {
    kind: 'impl',
    text: 'rt ≤ 0 becomes 1000 ms before doubling, so the first delay is max(2 s, min) even when reconnect_timeout_min < 1.',
  },
  'impl.backoff.fuzz': {
    kind: 'impl',
    text: 'The timer fires after a delay drawn uniformly from [0.9·rt, 1.1·rt] ms ("fuzz the time a little") and logs "MQTT0 connecting after <ms> ms" with the fuzzed value.',
  },
  'impl.backoff.reset-on-connack': {
    kind: 'impl',
    text: 'A successful CONNACK (code 0) sets rt = 0, so after a working session drops the next attempt comes after 2·max(1 s, min).',
  },
  'impl.backoff.refusal-continues': {
    kind: 'impl',
    text: 'A CONNACK refusal (non-zero code) closes the connection at once and does not reset rt: the schedule simply continues.',
  },
  'impl.failover.switch': {
    kind: 'impl',
    text: 'If rt ≥ 1000·max of the active config and the other config has enable=true, the client switches to it and sets rt = 1000·min of the new config.',
  },
  'impl.failover.first-delay': {
    kind: 'impl',
    text: 'The first delay after a switch is 2·min of the new config (4 s by default), not 2 s.',
  },
  'impl.failover.empty-server': {
    kind: 'impl',
    text: 'mqtt1.enable=true with an empty mqtt1.server: after the switch to it no attempt is ever made again (offline until reboot).',
  },
  'impl.resub.every-connack': {
    kind: 'impl',
    text: 'After every CONNACK 0 the client sends one SUBSCRIBE per remembered topic, with a fresh packet id; order is not part of the contract.',
  },
  'impl.resub.qos': {
    kind: 'impl',
    text: 'Each subscription is remembered with QoS 1 capped by the max QoS in force when subscribing; it is re-sent with QoS = min(remembered, current max).',
  },
  'impl.sub.offline': {
    kind: 'impl',
    text: 'Subscribing while connected (a CONNACK 0 received on the connection) sends SUBSCRIBE at once; otherwise (offline, or a CONNECT still waiting for its CONNACK) the topic is only remembered and sent at the next CONNACK (mgos_mqtt_conn_sub_s: `if (c->connected) do_sub(c, s)`; `connected` is set on CONNACK 0).',
  },
  'impl.qos.effective-max': {
    kind: 'impl',
    text: 'Effective max QoS = the runtime override if one was set, else mqtt.max_qos (default 2); outgoing PUBLISH and SUBSCRIBE use min(requested, effective max).',
  },
  'impl.qos.set-max-qos-undefined': {
    kind: 'impl',
    text: 'mgos_mqtt_set_max_qos is declared in mgos_mqtt.h but defined nowhere since 2020; the working routes are mqtt.max_qos and mgos_mqtt_conn_set_max_qos.',
  },
  'impl.qos.sticky-override': {
    kind: 'impl',
    text: 'mgos_mqtt_conn_set_max_qos ignores a value equal to the config\'s max_qos, so an override cannot be undone (defect lib-sticky-qos-override).',
  },
  'impl.qos.downgrade-queue-jam': {
    kind: 'impl',
    text: 'With effective max QoS 0 a QoS 1 publish goes out as QoS 0 but stays in the retry queue: it is re-sent with DUP=1 after every PINGRESP, and after a reconnect later publishes are never sent (defect lib-downgrade-queue-jam).',
  },
  'impl.queue.replay-stored-qos': {
    kind: 'impl',
    text: 'mgos_mqtt_pub caps the QoS once, when it queues the entry, and the replay sends the stored flags: a QoS 1 message queued under cap 2 is replayed at QoS 1 after the cap is lowered to 0, so a QoS 0-only broker cuts the device at every CONNACK (defect lib-replay-stored-qos).',
  },
  'impl.pub.packet-id': {
    kind: 'impl',
    text: 'mgos_mqtt_pub returns a packet id that is never 0 when MQTT was enabled at boot, also while offline (ids 1…65535, skipping 0 and ids still queued).',
  },
  'impl.js-pub.packet-id': {
    kind: 'impl',
    text: 'api_mqtt.js declares mgos_mqtt_pub as returning int, so JS MQTT.pub returns the packet id the C call returns (not 1), also while offline; a missing qos is 0 and a missing retain false.',
  },
  'doc.js-sub.handler': {
    kind: 'doc',
    text: 'JS MQTT.sub(topic, handler): "call given handler function when message arrives"; the handler receives "MQTT connection, topic name, message, and userdata".',
  },
  'impl.js-sub.trampoline': {
    kind: 'impl',
    text: "JS MQTT.sub calls mgos_mqtt_sub: a subscription at the library's QoS 1 whose own handler passes on only PUBLISH, with the message's topic and payload.",
  },
  'doc.js-is-connected': {
    kind: 'doc',
    text: 'JS MQTT.isConnected(): "true if MQTT connection is up, false otherwise".',
  },
  'impl.js-is-connected': {
    kind: 'impl',
    text: 'JS MQTT.isConnected is mgos_mqtt_global_is_connected: true from a CONNACK with code 0 until the socket closes.',
  },
  'doc.js-event-handler': {
    kind: 'doc',
    text: 'JS MQTT.setEventHandler: the handler gets network events such as EV_CLOSE (5, "Connection to broker was closed") and MQTT events: EV_CONNACK (202), EV_PUBLISH (203, a message "published to one of the topics we are subscribed to"), EV_PUBACK (204), EV_SUBACK (209, "Ack for a subscribe request"), EV_UNSUBACK (211).',
  },
  'impl.js-event-handler': {
    kind: 'impl',
    text: 'JS MQTT.setEventHandler is mgos_mqtt_add_global_handler: CONNACK only with code 0, CLOSE only for a session that had been up, every PUBACK, PUBREC, PUBCOMP and UNSUBACK, POLL; PUBLISH and SUBACK only when no subscription matched them, so a subscribed PUBLISH and a SUBACK (matched by packet id) never reach it.',
  },
  'doc.unsent-bytes': {
    kind: 'doc',
    text: 'mgos_mqtt_num_unsent_bytes: "Returns number of pending bytes to send".',
  },
  'doc.recv-mbuf-limit': {
    kind: 'doc',
    text: 'mos.yml: mqtt.recv_mbuf_limit, default 3072, "Limit recv buffer size".',
  },
  'impl.recv-mbuf-limit': {
    kind: 'impl',
    text: 'mgos_mqtt_conn.c (mgos_mqtt_conn_connect) puts mqtt.recv_mbuf_limit on the connection when it connects; Mongoose 6.18 (mongoose.c: mg_do_recv, and the MQTT handler\'s incomplete-packet branch) reads at most that many bytes into the receive buffer, and when the packet at its head is incomplete with the buffer full it logs "recv buffer (N bytes) exceeds the limit L bytes, and not drained, closing" and closes the socket without DISCONNECT. A packet of more than L bytes (fixed header included) therefore closes the connection; one of exactly L bytes is handled.',
  },
  'impl.require-time': {
    kind: 'impl',
    text: 'mgos_mqtt_conn.c: mgos_mqtt_time_ok holds a connect back when mqtt.require_time is on and mg_time() is under 1500000000 (2017-07-14); mgos_mqtt_conn_connect then opens no socket, logs "Time is not set, not connecting" (LL_ERROR) and calls mgos_mqtt_conn_reconnect, so the try is scheduled again like a failed attempt (the backoff doubles; the switch to mqtt1 applies). The library has no MGOS_EVENT_TIME_CHANGED handler: after mgos_settimeofday (SNTP, or the firmware) the try of the pending reconnect timer connects.',
  },
  'doc.require-time': {
    kind: 'doc',
    text: 'The library\'s mos.yml schema: mqtt.require_time, "Only connect if (when) wall time is set" (default false). The API page\'s config block does not list the key.',
  },
  'impl.unsent-bytes': {
    kind: 'impl',
    text: 'mgos_mqtt_num_unsent_bytes adds the payload lengths of the queued publishes (topics not counted) and the socket\'s send buffer, 0 without a connection object.',
  },
  'doc.packet-id': {
    kind: 'doc',
    text: 'mgos_mqtt_get_packet_id (mgos_mqtt.h): the returned value "is incremented every time the function is called, and it\'s never 0 (so after 0xffff it\'ll be 1)". Neither the header nor the API page says anything of ids held by queued messages.',
  },
  'impl.packet-id': {
    kind: 'impl',
    text: 'mgos_mqtt_conn_get_packet_id steps a 16-bit counter kept per connection object until it is neither 0 nor the id of an entry still in the offline queue; every publish (QoS 0 too), SUBSCRIBE and UNSUBSCRIBE takes its id from it, and mgos_mqtt_get_packet_id is the same call on the global connection.',
  },
  'doc.cloud-events': {
    kind: 'doc',
    text: 'mqtt.cloud_events (the library\'s config schema, mos.yml): "Trigger cloud events when connected / disconnected". The core\'s mgos_event.h: MGOS_EVENT_CLOUD_CONNECTED / _DISCONNECTED are "Fired when device is connected/disconnected to the cloud server", with a struct mgos_cloud_arg; after 2.20.0 it adds that CONNECTING and CONNECTERROR work for MQTT.',
  },
  'impl.cloud-events': {
    kind: 'impl',
    text: 'mgos_mqtt_conn_connect triggers MGOS_EVENT_CLOUD_CONNECTING after logging `connecting to`, on every attempt and whatever cloud_events says; the CONNACK 0 handler triggers CONNECTED and MG_EV_CLOSE of a session that had been up triggers DISCONNECTED, both only when the active config\'s cloud_events is true; each passes a mgos_cloud_arg of type MGOS_CLOUD_MQTT. A refused CONNACK triggers nothing (the session never counted as up).',
  },
  'impl.cloud-events.connecterror': {
    kind: 'impl',
    text: 'Only after release 2.20.0 (mongoose-os-libs/mqtt 199a027, 2022-04, with the core\'s new MGOS_EVENT_CLOUD_CONNECTERROR): MG_EV_CONNECT with a non-zero status (a failed TCP or TLS connect, logged `TCP connected error (n)`) triggers CONNECTERROR, and only when cloud_events is true. Release 2.20.0 (log wording `TCP connect …`, `Disconnect`) has no such event.',
  },
  'doc.pubf': {
    kind: 'doc',
    text: 'mgos_mqtt_pubf / mgos_mqtt_pubv (mgos_mqtt.h): "Variant of mgos_mqtt_pub for publishing a JSON-formatted string"; the format is frozen\'s json_printf (the API page documents no return value of its own: that of mgos_mqtt_pub).',
  },
  'impl.pubf': {
    kind: 'impl',
    text: 'mgos_mqtt_pubf and mgos_mqtt_pubv call mgos_mqtt_conn_pubv on the global connection: 0 without a connection object; otherwise the payload is formatted by frozen\'s json_vasprintf into an allocated string, published through mgos_mqtt_conn_pub with the QoS (capped like any publish) and retain given, and the packet id it returns is returned (0 only if formatting failed).',
  },
  'doc.frozen.json-printf': {
    kind: 'doc',
    text: 'frozen README "json_printf()": "auto-escaping keys" (a bare key is printed quoted: {foo: %M, bar: %d} → {"foo": …, "bar": 3}); %B prints true/false from an int, %Q a quoted escaped string or null, %.*Q the same with a length; {%Q: %d, x: [%B, %B], y: %Q} with "foo", 123, 0, -1, "hi" prints {"foo": 123, "x": [false, true], "y": "hi"}.',
  },
  'impl.frozen.json-printf': {
    kind: 'impl',
    text: 'frozen.c json_vprintf copies the characters : , [ ] { } ", space, CR, LF and TAB one for one (no space added or removed), wraps each run of a letter or _ followed by letters, digits or _ in double quotes, and hands other conversions such as %d to the C library; json_escape gives " and \\ a backslash and writes 0x08…0x0D as \\b \\t \\n \\v \\f \\r.',
  },
  'impl.unsub': {
    kind: 'impl',
    text: 'mgos_mqtt_conn_unsub (mgos_mqtt_conn.c) walks its subscription list for the topic: at the first entry found it logs "MQTTn unsub <topic>", sends UNSUBSCRIBE if connected, removes that one entry and returns true; a topic not in the list returns false with nothing sent.',
  },
  'impl.mqtt.malformed-close': {
    kind: 'impl',
    text: 'mongoose 6.18 mqtt_handler (MG_EV_RECV): when parse_mqtt returns MG_MQTT_ERROR_MALFORMED_MSG (e.g. a PUBLISH whose topic length runs past the packet) it sets MG_F_CLOSE_IMMEDIATELY and reads nothing more: the connection closes, and the library schedules a reconnect as after any lost session.',
  },
  'impl.connect.disabled-at-boot': {
    kind: 'impl',
    text: 'mgos_mqtt_init (mgos_mqtt.c) makes the global connection object only when mqtt.enable is true at boot; without it the IP event starts no attempt, mgos_mqtt_global_connect returns false, and a Config.Set of mqtt.enable true changes nothing until a reboot.',
  },
  'impl.pub.disabled-at-boot': {
    kind: 'impl',
    text: 'With mqtt.enable false at boot there is no connection object and mgos_mqtt_pub returns 0.',
  },
  'impl.queue.offline': {
    kind: 'impl',
    text: 'While disconnected QoS 0 publishes are dropped silently; QoS ≥ 1 ones are kept in a queue of at most max_queue_length (default 5, 0 disables), the oldest dropped with "MQTT0 queue overflow!".',
  },
  'impl.queue.inflight': {
    kind: 'impl',
    text: 'A QoS ≥ 1 publish stays in the retry queue until its PUBACK (QoS 1) or PUBREC (QoS 2); one already sent on the current connection is re-sent only on the next connection or after a PINGRESP.',
  },
  'impl.queue.replay': {
    kind: 'impl',
    text: 'After a reconnect the queue is replayed in order with the original packet ids and DUP=1 (even for messages never sent before); a first send has DUP=0.',
  },
  'impl.keepalive.ping': {
    kind: 'impl',
    text: 'Once keep_alive seconds pass since the client last sent any packet it sends PINGREQ; boards poll at least once a second, so a ping can be up to ~1 s late. keep_alive = 0 means 60.',
  },
  'impl.keepalive.timeout': {
    kind: 'impl',
    text: 'If the next keep_alive passes with the ping unanswered the client logs "Ping timeout" and closes: a silent broker holds the device ≈ 2·keep_alive (no CONNACK or connect timeout).',
  },
  'impl.connect.client-id': {
    kind: 'impl',
    text: 'CONNECT carries mqtt.client_id, or device.id when client_id is empty; protocol level 4 (MQTT 3.1.1).',
  },
  'impl.connect.fields': {
    kind: 'impl',
    text: 'CONNECT: clean session from clean_session, keep-alive from keep_alive (0 → 60), user name and password when set.',
  },
  'impl.explicit-disconnect': {
    kind: 'impl',
    text: 'mgos_mqtt_conn_disconnect (mgos_mqtt_conn.c): reconnect_timeout_ms = -1 (no reconnect), and if the connection has a socket, logs "MQTTn disconnect", queues an MQTT DISCONNECT (mg_mqtt_disconnect) and sets MG_F_SEND_AND_CLOSE, so the DISCONNECT goes out before the socket closes.',
  },
  'impl.connect.will': {
    kind: 'impl',
    text: 'The will is sent only when both will_topic and will_message are non-empty; its QoS is always 0 and its retain flag follows will_retain.',
  },
  'impl.delivery.puback-matched': {
    kind: 'impl',
    text: 'An incoming PUBLISH with QoS ≥ 1 that matches a subscription gets exactly one PUBACK, even when several subscriptions match (all matching handlers are called).',
  },
  'impl.delivery.qos2': {
    kind: 'impl',
    text: 'mgos_mqtt_conn.c call_topic_handler: a QoS ≥ 1 PUBLISH matching a subscription gets mg_mqtt_puback (also for QoS 2) and every matching handler is called, each time it arrives; no record of QoS 2 ids is kept (part of defect lib-no-puback-unmatched).',
  },
  'impl.delivery.puback-unmatched': {
    kind: 'impl',
    text: 'An incoming QoS 1 PUBLISH that matches no subscription gets no PUBACK (defect lib-no-puback-unmatched).',
  },
  'impl.settings.live': {
    kind: 'impl',
    text: 'mqtt and mqtt1 settings are read live at each attempt (except mqtt.enable, read at boot).',
  },

  // ── TLS: the README, mgos_mqtt_conn.c, Mongoose 6.x mg_connect_opt, mongoose-os-libs/mbedtls src/mgos_ssl_if_mbedtls.c ──
  'doc.tls.ca-cert': {
    kind: 'doc',
    text: 'README: "If you want to use TLS, set mqtt.ssl_ca_cert=ca.pem"; config: ssl_ca_cert "Set this to file name with CA certs to enable TLS".',
  },
  'doc.tls.mutual': {
    kind: 'doc',
    text: 'README: "If you want to use mutual TLS, set mqtt.ssl_cert=CLIENT_CERT.pem and mqtt.ssl_key=PRIVATE_KEY.pem".',
  },
  'doc.tls.psk': {
    kind: 'doc',
    text: 'Config: ssl_psk_identity "If set, a preshared key auth is used"; ssl_psk_key "Preshared key".',
  },
  'impl.tls.default-port': {
    kind: 'impl',
    text: 'mgos_mqtt_conn_connect: a server without ":port" gets 8883 when ssl_ca_cert is set, else 1883, and the log line "MQTT0 connecting to host:port" shows it.',
  },
  'impl.tls.enabled': {
    kind: 'impl',
    text: 'mg_connect_opt (Mongoose 6.x) sets up TLS only when ssl_cert, ssl_ca_cert or ssl_psk_identity is set; ssl_cipher_suites alone does not.',
  },
  'impl.tls.load-files': {
    kind: 'impl',
    text: 'mongoose 6.18 mg_ssl_if_conn_init (mbedTLS): mg_use_cert parses ssl_cert ("Invalid SSL cert"), then the key from ssl_key or, when that is empty, the certificate\'s file ("Invalid SSL key"); mg_use_ca_cert parses ssl_ca_cert ("Invalid SSL CA cert"). mg_connect_opt then returns no connection: mgos_mqtt_conn.c logs "Error: <that text>" and schedules the next attempt, with no socket opened.',
  },
  'impl.tls.verify': {
    kind: 'impl',
    text: 'mg_use_ca_cert (mgos_ssl_if_mbedtls.c): with a CA file the server certificate must verify (MBEDTLS_SSL_VERIFY_REQUIRED: chain and validity); without ssl_ca_cert, or with "*", nothing is verified.',
  },
  'impl.tls.server-name': {
    kind: 'impl',
    text: 'mg_connect_opt gives mbedTLS a server name only when ssl_ca_cert is set and the host is a DNS name (not an IP address): the certificate’s name is checked only then.',
  },
  'impl.tls.client-cert': {
    kind: 'impl',
    text: 'mg_use_cert: with ssl_cert the client certificate is sent, its key from ssl_key (the cert file if ssl_key is empty); a file that does not parse fails the attempt ("Invalid SSL cert" / "Invalid SSL key").',
  },
  'impl.tls.psk': {
    kind: 'impl',
    text: 'mg_ssl_if_mbed_set_psk: identity and key both required, the key 32 or 64 hex digits ("Invalid PSK settings"); the default cipher list has no PSK suite, so a PSK-only server needs ssl_cipher_suites naming one (e.g. TLS-PSK-WITH-AES-128-GCM-SHA256).',
  },
  'impl.tls.version': {
    kind: 'impl',
    text: 'mg_ssl_if_conn_init: "TLS 1.2 and up" with mbedTLS 2.16, which has no TLS 1.3: the board speaks TLS 1.2.',
  },
  'impl.tls.handshake-failure-log': {
    kind: 'impl',
    text: 'A failed handshake: mg_ssl_if_mbed_err logs "<conn> mbedTLS error: -0x<code>" (e.g. -0x2700 certificate verify failed, -0x7780 fatal alert from the server), MG_EV_CONNECT carries MG_SSL_ERROR: "MQTT0 TCP connected error (-3)", then "MQTT0 disconnected" and the next attempt is scheduled like any failed one.',
  },

  // ── MQTT 3.1.1 (OASIS standard) ──
  'mqtt.packet-id.unused': {
    kind: 'mqtt-3.1.1',
    text: 'MQTT 3.1.1 §2.3.1: SUBSCRIBE, UNSUBSCRIBE and QoS > 0 PUBLISH carry a non-zero Packet Identifier, and a new one must be currently unused (not held by an unacknowledged packet).',
  },
  'mqtt.publish.fields': {
    kind: 'mqtt-3.1.1',
    text: 'MQTT 3.1.1 §3.3: a PUBLISH carries the topic name, the QoS level and RETAIN flag the sender chose, the application message as its payload, and for QoS 1 and 2 the packet identifier of this message.',
  },
  'mqtt.qos2.receiver': {
    kind: 'mqtt-3.1.1',
    text: 'MQTT 3.1.1 §4.3.3: the receiver of a QoS 2 PUBLISH responds with PUBREC; until it has received the PUBREL it acknowledges any PUBLISH with the same Packet Identifier with PUBREC and MUST NOT cause duplicate messages to be delivered to onward recipients [MQTT-4.3.3-2].',
  },
  'mqtt.dup.qos0': {
    kind: 'mqtt-3.1.1',
    text: '[MQTT-3.3.1-2] The DUP flag MUST be set to 0 for all QoS 0 messages.',
  },
  'mqtt.dup.redelivery': {
    kind: 'mqtt-3.1.1',
    text: '[MQTT-3.3.1-1] The DUP flag MUST be set to 1 by the Client or Server when it attempts to re-deliver a PUBLISH Packet.',
  },
  'mqtt.dup.first-send': {
    kind: 'mqtt-3.1.1',
    text: '[3.3.1.1] If the DUP flag is set to 0, it indicates that this is the first occasion that the Client or Server has attempted to send this PUBLISH Packet.',
  },
  'mqtt.qos0.at-most-once': {
    kind: 'mqtt-3.1.1',
    text: '[4.3.1] QoS 0: the message is delivered at most once; no response is sent and the sender does not retry.',
  },
  'mqtt.stream': {
    kind: 'mqtt-3.1.1',
    text: '§4.2: MQTT runs over a transport that gives an ordered, lossless stream of bytes from client to server and server to client; a packet is framed by its fixed header and remaining length, not by how the transport cut the stream.',
  },
  'impl.recv-whole-packets': {
    kind: 'impl',
    text: 'mongoose 6.18 mqtt_handler, MG_EV_RECV: parses every packet the receive buffer holds; on MG_MQTT_ERROR_INCOMPLETE_MSG it stops and waits for more bytes (closing only if recv_mbuf_limit is reached), on a malformed packet it closes the connection.',
  },
  'mqtt.puback': {
    kind: 'mqtt-3.1.1',
    text: '[MQTT-4.3.2-2] The receiver of a QoS 1 PUBLISH MUST respond with a PUBACK containing the Packet Identifier from the incoming PUBLISH.',
  },
  'mqtt.will': {
    kind: 'mqtt-3.1.1',
    text: '[MQTT-3.1.2-8] The Will Message MUST be published when the Network Connection is subsequently closed unless it has been deleted by the Server on receipt of a DISCONNECT.',
  },
  'mqtt.keepalive': {
    kind: 'mqtt-3.1.1',
    text: '[MQTT-3.1.2-23] The Client MUST ensure the interval between Control Packets it sends does not exceed the Keep Alive value; absent other packets it MUST send PINGREQ.',
  },
  'mqtt.protocol-level': {
    kind: 'mqtt-3.1.1',
    text: '[3.1.2.2] The Protocol Level for version 3.1.1 is 4.',
  },
  'mqtt.subscribe.qos': {
    kind: 'mqtt-3.1.1',
    text: '[3.8.3] Each SUBSCRIBE topic filter is followed by the requested maximum QoS for that subscription.',
  },
  'doc.connect-fn': {
    kind: 'doc',
    text: 'mgos_mqtt_set_connect_fn (mgos_mqtt.h; mgos_mqtt_conn.h for the callback type mgos_mqtt_connect_fn_t, which takes the mg_connection, the client id, a pointer to the struct mg_send_mqtt_handshake_opts and fn_arg): "Set connect callback. It is invoked when CONNECT message is about to be sent. The callback is responsible to call mg_send_mqtt_handshake_opt()". The README says nothing of it; neither says what the options hold, whether both servers are concerned, or how to unset it.',
  },
  'impl.connect-fn': {
    kind: 'impl',
    text: 'mgos_mqtt_set_connect_fn stores the callback on the global connection object (a no-op without one, i.e. mqtt.enable false at boot). On every successful TCP (or WebSocket) connect mgos_mqtt_ev builds the handshake options from the active config (mqtt or mqtt1: user, pass, clean_session, keep_alive, will_topic/message, will_retain) and the client id (client_id, else device.id); with a callback set it calls it with a pointer to those options and sends nothing itself, else it calls mg_send_mqtt_handshake_opt. A NULL callback restores the library\'s own CONNECT. mg_send_mqtt_handshake_opt sends 60 for a keep-alive of 0 and keeps the keep-alive it sent as the connection\'s ping interval.',
  },
  'doc.debug-topics': {
    kind: 'doc',
    text: 'The library\'s config schema (mos.yml; the README documents neither key): debug.stdout_topic "MQTT topic to publish STDOUT to", debug.stderr_topic "MQTT topic to publish STDERR to", both empty by default.',
  },
  'impl.debug-topics': {
    kind: 'impl',
    text: 'mgos_mqtt.c registers a MGOS_EVENT_LOG handler at init; for each write the core hands it (mgos_debug_write, fd 1 stdout or 2 stderr, only text at or below debug.event_level, LL_INFO by default, and never a write made while one is being handled, which the core drops whole, UART included) it reads the stream\'s topic live and, if set, the connection object exists and fewer than 2048 bytes are unsent, publishes "<device.id> <seq> <mg_time() %.3f> <fd>|<the bytes written>" at QoS 0 without retain through mgos_mqtt_conn_pub (dropped while offline; it takes a packet id like any publish); seq is one counter for both streams from 0 at boot. LOG lines are on stderr, printf (the firmware\'s HIL lines) on stdout. MAC placeholders (??…) in the topics are expanded once, at boot.',
  },
  'doc.debug-use-log-level': {
    kind: 'doc',
    text: 'mos.yml: mqtt.debug_use_log_level (default false) "Use the cs_log_level enum instead of stdout/stderr flag" (added after release 2.20.0, in mongoose-os-libs/mqtt 199a027).',
  },
  'impl.debug-use-log-level': {
    kind: 'impl',
    text: 'With mqtt.debug_use_log_level true the number before the bar is the write\'s cs_log_level for stdout (LL_NONE, -1, for a print outside LOG) and 0 (LL_ERROR) for every stderr write, which is where every LOG line goes, so an info line is published as an error; release 2.20.0 has no such key and always writes the fd.',
  },

  // ── issue 16: mgos_mqtt_global_subscribe's raw handler, mgos_mqtt_get_global_conn ──
  'doc.raw-sub': {
    kind: 'doc',
    text: 'mgos_mqtt_global_subscribe(topic, handler, ud) (mgos_mqtt.h): "Subscribe to a specific topic. This handler will receive SUBACK - when first subscribed to the topic, PUBLISH - for messages published to this topic." The header says nothing of PUBACK or CLOSE (issue 16 expected those too).',
  },
  'impl.raw-sub': {
    kind: 'impl',
    text: 'mgos_mqtt_global_subscribe adds a subscription at the library\'s QoS 1 (capped by the max QoS in force) with the caller\'s mg_event_handler_t, sent at once if connected and after every CONNACK 0, each SUBSCRIBE with a fresh packet id kept as its sub_id (mgos_mqtt_conn_sub_s, do_sub). mgos_mqtt_ev hands only PUBLISH and SUBACK to call_topic_handler: a subscription\'s handler is called with a SUBACK whose packet id is its sub_id and with a PUBLISH whose topic matches its filter (after the one PUBACK for QoS ≥ 1), and only when none was called do the connection handlers get it. CONNACK, PUBACK, PUBREC, PUBCOMP, UNSUBACK, CLOSE and POLL go to the connection handlers alone. mgos_mqtt_sub wraps the same call with a trampoline that passes on only PUBLISH, as topic and payload.',
  },
  'doc.global-handler': {
    kind: 'doc',
    text: 'mgos_mqtt_add_global_handler (mgos_mqtt.h): "Registers a mongoose handler to be invoked on the global MQTT connection".',
  },
  'impl.global-handler-events': {
    kind: 'impl',
    text: 'mgos_mqtt_ev (mgos_mqtt_conn.c) calls the connection handlers (call_conn_handlers) for MG_EV_MQTT_PUBACK after removing the acknowledged entry from the queue, and for UNSUBACK, PUBREC, PUBCOMP as they come; mongoose 6.18\'s parse_mqtt reads a packet id for PUBACK, PUBREC, PUBREL, PUBCOMP and SUBACK but not for UNSUBACK, whose message_id stays 0.',
  },
  'doc.global-conn': {
    kind: 'doc',
    text: 'mgos_mqtt_get_global_conn (mgos_mqtt.h): "Returns current MQTT connection if it is established; otherwise returns NULL".',
  },
  'impl.global-conn': {
    kind: 'impl',
    text: 'mgos_mqtt_get_global_conn returns the connection object\'s nc (mgos_mqtt_conn_nc): set when an attempt opens its socket (mgos_mqtt_conn_connect) and cleared at that socket\'s MG_EV_CLOSE, so it is not NULL while the TCP connect and the CONNACK are pending too, and NULL between attempts and without a connection object (mqtt.enable false at boot). mgos_mqtt_global_is_connected is true only from CONNACK 0 to the close: a connected board always has a conn.',
  },
  // ── MQTT over WebSocket: mos.yml, src/mgos_mqtt_ws_conn.c (the same in 2.20.0 and at 7ba84b6), Mongoose 6.18's WebSocket client ──
  'doc.ws': {
    kind: 'doc',
    text: 'mos.yml: mqtt.ws_enable (default false) "Enable WebSocket encapsulation"; mqtt.ws_path (default "/mqtt") "Path to use for WebSocket handshake".',
  },
  'impl.ws.handshake': {
    kind: 'impl',
    text: 'mgos_mqtt_conn_connect gives a ws_enable connection the WebSocket handler (mgos_mqtt_ws_ev) and the HTTP protocol, every attempt. That handler logs the TCP connect as "MQTT0 TCP connect ok|error (n)" in every release, and a failed one triggers no CONNECTERROR cloud event. On a good one it logs "MQTT0 sending WS handshake to <ws_path>" and calls mg_send_websocket_handshake2(nc, ws_path, server, "mqtt", NULL): a GET of ws_path with Upgrade, Sec-WebSocket-Version 13, a random key, Host (the configured server) and Sec-WebSocket-Protocol: mqtt.',
  },
  'impl.ws.frames': {
    kind: 'impl',
    text: 'Once the upgrade is answered the MQTT handler is told it is connected ("MQTT0 WS connected ok (0)") and sends CONNECT; each time the WebSocket handler runs the MQTT handler, what that wrote goes out as one binary frame, masked as Mongoose masks every client frame; incoming frames (fragments reassembled) feed the MQTT parser. A close of a session (after CONNACK 0) reaches the MQTT handler and reconnects as without WebSocket.',
  },
  'impl.ws.refused-upgrade': {
    kind: 'impl',
    text: 'Mongoose 6.18 hands MG_EV_WEBSOCKET_HANDSHAKE_DONE to the handler for any complete answer and closes at once unless it was 101 with Sec-WebSocket-Accept; mgos_mqtt_ws_ev does not look at the status. A refused upgrade (404 for a wrong path) is a failed attempt: no session, no "disconnected" line, the next attempt scheduled as after any failure.',
  },
  'impl.ws.direct-send-unframed': {
    kind: 'impl',
    text: 'mgos_mqtt_pub, _sub and _unsub on a live session write their packet (mg_mqtt_publish, …) to the connection outside mgos_mqtt_ws_ev, where the connection holds the WebSocket-level buffers: such a packet goes out without a frame, and a broker that reads frames closes the connection. What the library sends from inside its handler (CONNECT, re-subscriptions, queue replays, PUBACKs, PINGREQ) is framed.',
  },
  'mqtt.ws': {
    kind: 'mqtt-3.1.1',
    text: 'MQTT 3.1.1 §6: control packets MUST be sent in WebSocket binary data frames [MQTT-6.0.0-1]; the client MUST include "mqtt" in the list of WebSocket subprotocols it offers [MQTT-6.0.0-3].',
  },
} as const satisfies Record<string, Omit<Source, 'id'>>;

export type SourceId = keyof typeof catalogue;

export const sources: Readonly<Record<SourceId, Source>> = Object.fromEntries(
  Object.entries(catalogue).map(([id, s]) => [id, { id, ...s }]),
) as Record<SourceId, Source>;

/** The sources behind an expectation, in the order given. */
export function cite(...ids: SourceId[]): SourceRef[] {
  return ids.map((id) => sources[id]);
}

/** A place where the doc and the implementation disagree, and which one the model follows. */
export interface Difference {
  id: string;
  doc: string;
  impl: string;
  modelFollows: 'impl' | 'doc';
  why: string;
  /** Check ids whose verdicts depend on this difference. */
  checks: string[];
}

export const differences: readonly Difference[] = [
  {
    id: 'failover.first-delay',
    doc: sources['doc.failover.same-way'].text,
    impl: sources['impl.failover.first-delay'].text,
    modelFollows: 'impl',
    why: 'The doc states the switch loosely; the implementation\'s choice (2·min) is deliberate and harmless.',
    checks: ['failover.to-backup', 'failover.back-to-primary', 'backoff.schedule'],
  },
  {
    id: 'backoff.fuzz',
    doc: sources['doc.backoff.example'].text,
    impl: sources['impl.backoff.fuzz'].text,
    modelFollows: 'impl',
    why: 'The doc leaves the exact timing open; ±10 % fuzz spreads reconnecting fleets and loses nothing.',
    checks: ['backoff.schedule', 'backoff.jitter'],
  },
  {
    id: 'api.pub-return-offline',
    doc: sources['doc.pub.offline-zero'].text,
    impl: sources['impl.pub.packet-id'].text,
    modelFollows: 'impl',
    why: 'Since 2020 QoS ≥ 1 publishes are queued while offline and the id is returned on purpose; the doc was left behind.',
    checks: ['api.pub-return-offline'],
  },
  {
    id: 'events.cloud',
    doc: sources['doc.cloud-events'].text,
    impl: sources['impl.cloud-events'].text,
    modelFollows: 'impl',
    why: 'The setting\'s title names only connected / disconnected, and CONNECTING, added later, was left outside it on purpose (a status light shows every attempt); the model expects CONNECTING whatever cloud_events says.',
    checks: ['events.cloud'],
  },
  {
    id: 'api.js-pub-return',
    doc: sources['doc.js-pub.return'].text,
    impl: sources['impl.pub.packet-id'].text,
    modelFollows: 'impl',
    why: 'Same change as mgos_mqtt_pub: the packet id is returned.',
    checks: ['api.js-pub-return'],
  },
  {
    id: 'api.js-event-handler',
    doc: sources['doc.js-event-handler'].text,
    impl: sources['impl.js-event-handler'].text,
    modelFollows: 'impl',
    why: 'The doc lists the event numbers loosely; PUBLISH goes to its subscription\'s handler and a SUBACK to its own, on purpose: the model expects CONNACK, PUBACK and CLOSE and no SUBACK.',
    checks: ['api.js-event-handler'],
  },
  {
    id: 'qos.set-max-qos-undefined',
    doc: sources['doc.max-qos.set'].text,
    impl: sources['impl.qos.set-max-qos-undefined'].text,
    modelFollows: 'impl',
    why: 'Firmware calling the documented function does not link; the test firmware uses a working route and the model expects the documented effect on the wire.',
    checks: ['qos.publish-downgrade', 'qos.subscribe-downgrade', 'qos.override-restore'],
  },
  {
    id: 'qos.downgrade-queue-jam',
    doc: sources['doc.max-qos.transparent'].text,
    impl: sources['impl.qos.downgrade-queue-jam'].text,
    modelFollows: 'doc',
    why: 'The implementation sends QoS 0 with DUP=1 (breaks MQTT 3.1.1), duplicates and loses messages: a defect, not a choice.',
    checks: ['qos.publish-downgrade', 'qos.qos0-only-broker'],
  },
  {
    id: 'qos.replay-stored-qos',
    doc: sources['doc.max-qos.transparent'].text,
    impl: sources['impl.queue.replay-stored-qos'].text,
    modelFollows: 'doc',
    why: 'The model applies the cap in force when a packet is sent, replays included: the stored QoS keeps a QoS 0-only broker cutting the device for ever, a defect.',
    checks: ['qos.qos0-only-broker'],
  },
  {
    id: 'qos.sticky-override',
    doc: sources['doc.max-qos.set'].text,
    impl: sources['impl.qos.sticky-override'].text,
    modelFollows: 'doc',
    why: 'An override that cannot be undone silently downgrades every later publish: a defect.',
    checks: ['qos.override-restore'],
  },
  {
    id: 'delivery.puback-unmatched',
    doc: sources['mqtt.puback'].text,
    impl: sources['impl.delivery.puback-unmatched'].text,
    modelFollows: 'doc',
    why: 'MQTT 3.1.1 requires the PUBACK; without it the broker redelivers forever.',
    checks: ['delivery.puback-unmatched'],
  },
  {
    id: 'tls.psk-needs-suite',
    doc: sources['doc.tls.psk'].text,
    impl: sources['impl.tls.psk'].text,
    modelFollows: 'impl',
    why: 'The doc names only the two PSK settings; the implementation also needs a PSK suite in ssl_cipher_suites, since its default list has none. The failure is loud (every handshake fails) and fixed in the config, so the model expects what the library does.',
    checks: ['tls.psk'],
  },
  {
    id: 'failover.backup-without-server',
    doc: sources['doc.failover.keeps-alive'].text,
    impl: sources['impl.failover.empty-server'].text,
    modelFollows: 'doc',
    why: 'The implementation loses connectivity until reboot; the model expects the primary to be tried again.',
    checks: ['failover.backup-without-server'],
  },
  {
    id: 'debug.use-log-level',
    doc: sources['doc.debug-use-log-level'].text,
    impl: sources['impl.debug-use-log-level'].text,
    modelFollows: 'impl',
    why: 'Nothing is lost or broken on the wire, only the level field is coarse: the model expects the number the library writes (0 for every stderr write, the message level for stdout) and the report names the title\'s promise of the log level as a difference.',
    checks: ['debug.console-topics'],
  },
  {
    id: 'events.raw-sub-suback-every-session',
    doc: sources['doc.raw-sub'].text,
    impl: sources['impl.raw-sub'].text,
    modelFollows: 'impl',
    why: 'The header promises the SUBACK "when first subscribed"; every re-subscription after a reconnect takes a fresh sub_id, so the handler gets a SUBACK per session. More than the doc promises, and harmless: the model expects one per SUBSCRIBE.',
    checks: ['events.handler-set'],
  },
  {
    id: 'events.global-conn-before-connack',
    doc: sources['doc.global-conn'].text,
    impl: sources['impl.global-conn'].text,
    modelFollows: 'impl',
    why: 'The connection is handed out from the start of an attempt, before it is "established" (CONNACK); code that takes a non-NULL conn for a session must ask mgos_mqtt_global_is_connected. The model follows the impl: not NULL while an attempt\'s CONNECT waits for its CONNACK too (where the doc would say NULL), as over a session; NULL with no socket.',
    checks: ['events.handler-set'],
  },
  {
    id: 'transport.ws-direct-send-unframed',
    doc: sources['doc.ws'].text,
    impl: sources['impl.ws.direct-send-unframed'].text,
    modelFollows: 'impl',
    why: 'The doc promises WebSocket encapsulation; the implementation frames only what its handler sends, so an application publish, subscribe or unsubscribe on a live WebSocket session breaks it. transport.websocket judges the traffic the library frames (CONNECT, re-subscriptions, replays, acknowledgements, pings) and its scenario publishes only while offline; the report names the rest as a difference rather than failing every faithful board.',
    checks: ['transport.websocket'],
  },
];
