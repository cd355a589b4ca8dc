/*
 * The firmware's use of the MQTT library's global connection: every HIL.* action goes
 * through here, keeps hil_state in step and prints its event line; the library's own
 * events come back through one global handler and the subscription handler.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At init: notes whether MQTT was enabled at boot and adds the global handler. */
void hil_mqtt_init(void);

/* The packet id mgos_mqtt_pub returned. */
uint16_t hil_mqtt_pub(const char *topic, const char *message, size_t len, int qos, bool retain);

/*
 * HIL.Pubf: publishes the named case (one fixed json_printf format with fixed arguments,
 * the list in harness/contract/hil.ts PUBF_CASES) through mgos_mqtt_pubf, or for "pubv"
 * through mgos_mqtt_pubv. False (nothing published) for a name that is no case; else
 * *packet_id is what the call returned.
 */
bool hil_mqtt_pubf(const char *name, const char *topic, int qos, bool retain, uint16_t *packet_id);

/* qos < 0: the library's default (mgos_mqtt_global_subscribe, QoS 1). */
void hil_mqtt_sub(const char *topic, int qos);

/* Whether the library had the subscription and removed it. */
bool hil_mqtt_unsub(const char *topic);

/* Whether the override reached the library (only while a socket exists). */
bool hil_mqtt_set_max_qos(int qos);

/* What HIL.PacketIds saw of `count` calls of mgos_mqtt_get_packet_id. */
struct hil_packet_ids {
  int first, last;
  int zeros; /* ids equal to 0 (the library skips 0) */
  int wraps; /* ids not greater than the one before (the counter went round) */
};

/*
 * Calls mgos_mqtt_get_packet_id `count` times, as a publish or a subscribe would take
 * its id. False (nothing called) when MQTT was disabled at boot: the library has no
 * connection object then and would dereference NULL.
 */
bool hil_mqtt_packet_ids(int count, struct hil_packet_ids *out);

/* What HIL.SetConnectFn's callback puts in every CONNECT (harness/contract/hil.ts CONNECT_FN). */
#define HIL_CONNECT_FN_USER "hil-connect-fn"
#define HIL_CONNECT_FN_KEEP_ALIVE 17

/*
 * HIL.SetConnectFn: on installs the firmware's connect callback with
 * mgos_mqtt_set_connect_fn (it prints a connect_fn line per call, sets the user name and
 * keep-alive above and sends the handshake); off sets NULL, the library's own CONNECT.
 * False when mqtt.enable was false at boot: the library had no connection object to set it on.
 */
bool hil_mqtt_set_connect_fn(bool on);

/*
 * HIL.RawSub: mgos_mqtt_global_subscribe(topic) with a raw mg_event_handler_t of the
 * firmware's that prints one raw_ev line per event it is called with.
 */
void hil_mqtt_raw_sub(const char *topic);

/* Whether mgos_mqtt_get_global_conn() returned a connection (not NULL). */
bool hil_mqtt_global_conn(void);

void hil_mqtt_connect(void);
void hil_mqtt_disconnect(void);
