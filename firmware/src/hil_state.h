/*
 * What the firmware remembers because the MQTT library has no getter for it:
 * subscriptions, the QoS ≥ 1 queue, the runtime max QoS override, the reconnect
 * timeout and which config (mqtt / mqtt1) is active. Each value follows the library's
 * rules as far as the events the firmware sees allow; hil_state.c says where that
 * stops. HIL.Status reports these; the wire and the log remain the evidence.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_out;

enum hil_cfg {
  HIL_CFG_MQTT = 0,
  HIL_CFG_MQTT1 = 1,
};

const char *hil_state_cfg_name(void);
/* host:port of the active config's server (default port added), "" when unset. */
void hil_state_server(char *buf, size_t len);
/* Effective max QoS: the override when one is in force, else the config's max_qos. */
int hil_state_max_qos(void);
/* -1 when no override is in force. */
int hil_state_max_qos_override(void);
int hil_state_reconnect_timeout_ms(void);
int hil_state_queue_len(void);

/* A frozen %M callback: prints the subscribed topics as a JSON array. */
int hil_state_print_subs(struct json_out *out, va_list *ap);

void hil_state_on_sub(const char *topic);
void hil_state_on_unsub(const char *topic);
void hil_state_on_pub(uint16_t packet_id, int qos);
void hil_state_on_ack(uint16_t packet_id);
void hil_state_on_set_max_qos(int qos);
void hil_state_on_connack(const char *peer);
void hil_state_on_close(void);
void hil_state_on_connect(void);
void hil_state_on_disconnect(void);
