/*
 * Host check only: the per-connection MQTT API (mongoose-os-libs/mqtt) that the firmware
 * uses. Written from the API's names and signatures; not the real header.
 */
#pragma once

#include <stdbool.h>

#include "mongoose.h"

/* Opaque, as in the library. */
struct mgos_mqtt_conn;

/* The connection object behind a socket (its user data); NULL for a NULL socket. */
struct mgos_mqtt_conn *mgos_mqtt_conn_from_nc(struct mg_connection *nc);

void mgos_mqtt_conn_sub(struct mgos_mqtt_conn *c, const char *topic, int qos,
                        mg_event_handler_t handler, void *user_data);

void mgos_mqtt_conn_set_max_qos(struct mgos_mqtt_conn *c, int qos);

/* mgos_mqtt_set_connect_fn's callback: it must send the handshake itself. */
typedef void (*mgos_mqtt_connect_fn_t)(struct mg_connection *nc, const char *client_id,
                                       struct mg_send_mqtt_handshake_opts *opts, void *fn_arg);
