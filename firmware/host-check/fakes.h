/*
 * Host check only: how driver.c plays the libraries' side around the firmware. The fake
 * libraries (stubs.c) remember what the firmware registered, so the driver can call its
 * RPC handlers and deliver MQTT events to its handlers, as the real libraries would.
 * None of these names exist in a real build; the firmware must not call them.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "mongoose.h"

/* Device uptime as mgos_uptime_micros reports it, in ms. */
void fake_set_uptime_ms(int64_t ms);

/* Whether the global connection has a socket (and is connected), as the library says. */
void fake_set_socket(bool up);

/*
 * Calls the handler registered for `method` with `params_json`, as the RPC library does
 * for a request frame. The reply or error is printed as one line:
 * `RPC <method> {"result":…}` or `RPC <method> {"error":{"code":…,"message":"…"}}`.
 * Exits with status 4 if no handler is registered or the handler sent no reply.
 */
void fake_rpc_call(const char *method, const char *params_json);

/* Passes an MQTT event to every global handler, as the MQTT library does. */
void fake_global_event(int ev, struct mg_mqtt_message *mm);

/* Delivers a PUBLISH to every subscription whose topic equals `topic` (no wildcards). */
void fake_deliver(const char *topic, const char *payload, int qos, uint16_t packet_id);

/*
 * Calls, with event `ev`, the handler of every subscription whose topic equals `filter`,
 * as the library calls a subscription's handler (it does so for a matching PUBLISH and
 * for its own SUBACK only; the driver may pass any event to exercise the formats).
 */
void fake_sub_event(const char *filter, int ev, struct mg_mqtt_message *mm);

/*
 * Triggers a core cloud event with the MQTT library's argument (type MGOS_CLOUD_MQTT),
 * as mgos_event_trigger does. Exits with status 4 if the firmware added no handler for it.
 */
void fake_cloud_event(int ev);

/*
 * The global connection's TCP connect, as the library's MG_EV_CONNECT handles it: the
 * handshake options from mos.yml's defaults (clean session, keep_alive 60, no user, no
 * will) and the device id, handed to the connect callback if one is set, else sent by the
 * library itself. Every CONNECT sent prints `fake CONNECT client_id=… user=… keep_alive=…`
 * to stderr.
 */
void fake_tcp_connected(void);
