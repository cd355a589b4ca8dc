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

/* qos < 0: the library's default (mgos_mqtt_global_subscribe, QoS 1). */
void hil_mqtt_sub(const char *topic, int qos);

/* Whether the library had the subscription and removed it. */
bool hil_mqtt_unsub(const char *topic);

/* Whether the override reached the library (only while a socket exists). */
bool hil_mqtt_set_max_qos(int qos);

void hil_mqtt_connect(void);
void hil_mqtt_disconnect(void);
