/*
 * Host check only: the part of the Mongoose 6.18 networking API that the firmware uses
 * (event handler type, event numbers, the parsed MQTT message, peer address printing).
 * Written from the API's names, signatures and constants; not the real header.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "common/mg_str.h"

/* Opaque here: the firmware never reads its fields. */
struct mg_connection;

/* Mongoose OS builds with callback user data on: handlers take four arguments. */
typedef void (*mg_event_handler_t)(struct mg_connection *nc, int ev, void *ev_data,
                                   void *user_data);

#define MG_EV_POLL 0
#define MG_EV_CLOSE 5

/* MQTT events are 200 + the MQTT packet type. */
#define MG_MQTT_EVENT_BASE 200
#define MG_EV_MQTT_CONNACK 202
#define MG_EV_MQTT_PUBLISH 203
#define MG_EV_MQTT_PUBACK 204
#define MG_EV_MQTT_PUBREC 205
#define MG_EV_MQTT_PUBCOMP 207
#define MG_EV_MQTT_SUBACK 209
#define MG_EV_MQTT_UNSUBACK 211

/* ev_data of MQTT events: the leading fields, in their real order. */
struct mg_mqtt_message {
  int cmd;
  int qos;
  int len;
  struct mg_str topic;
  struct mg_str payload;
  uint8_t connack_ret_code;
  uint16_t message_id;
};

/* CONNECT options (mg_send_mqtt_handshake_opt): the fields in their real order. */
struct mg_send_mqtt_handshake_opts {
  unsigned char flags; /* connect flags */
  uint16_t keep_alive;
  const char *will_topic;
  const char *will_message;
  const char *user_name;
  const char *password;
};
#define MG_MQTT_CLEAN_SESSION 0x02
#define MG_MQTT_WILL_RETAIN 0x20

/* Sends CONNECT: user, password and will flags from the non-NULL fields; keep-alive 0 → 60. */
void mg_send_mqtt_handshake_opt(struct mg_connection *nc, const char *client_id,
                                struct mg_send_mqtt_handshake_opts opts);

#define MG_SOCK_STRINGIFY_IP 1
#define MG_SOCK_STRINGIFY_PORT 2
#define MG_SOCK_STRINGIFY_REMOTE 4

int mg_conn_addr_to_str(struct mg_connection *c, char *buf, size_t len, int flags);

/* Wall time in seconds since the epoch (gettimeofday): near 0 on an ESP32 until set. */
double mg_time(void);
