/*
 * Host check only: the global-connection MQTT API (mongoose-os-libs/mqtt) that the
 * firmware uses. Written from the API's names and signatures; not the real header.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mgos_mqtt_conn.h"

void mgos_mqtt_global_subscribe(const struct mg_str topic, mg_event_handler_t handler, void *ud);
void mgos_mqtt_add_global_handler(mg_event_handler_t handler, void *ud);
struct mg_connection *mgos_mqtt_get_global_conn(void);
bool mgos_mqtt_global_connect(void);
void mgos_mqtt_global_disconnect(void);
bool mgos_mqtt_global_is_connected(void);
uint16_t mgos_mqtt_pub(const char *topic, const void *message, size_t len, int qos, bool retain);
bool mgos_mqtt_unsub(const char *topic);
size_t mgos_mqtt_num_unsent_bytes(void);
uint16_t mgos_mqtt_get_packet_id(void);
uint16_t mgos_mqtt_pubf(const char *topic, int qos, bool retain, const char *json_fmt, ...);
uint16_t mgos_mqtt_pubv(const char *topic, int qos, bool retain, const char *json_fmt, va_list ap);
void mgos_mqtt_set_connect_fn(mgos_mqtt_connect_fn_t cb, void *fn_arg);

/*
 * Declared by the real mgos_mqtt.h but defined nowhere since the library's 2020
 * refactor: a firmware that calls it does not link. Declared here too, so that the host
 * check fails the way a real build does (stubs.c does not define it).
 */
void mgos_mqtt_set_max_qos(int qos);
