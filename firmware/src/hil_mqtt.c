#include "hil_mqtt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hil_event.h"
#include "hil_state.h"
#include "mgos.h"
#include "mgos_mqtt.h"

/* The library's default subscription QoS (mgos_mqtt_global_subscribe). */
#define HIL_LIBRARY_SUB_QOS 1

/*
 * The library creates its global connection object only when mqtt.enable is true at
 * boot. Without it, release 2.20.0's mgos_mqtt_unsub dereferences NULL, so the firmware
 * keeps out of its way.
 */
static bool s_enabled_at_boot = false;

/*
 * The global connection object, learnt from the first socket the library opens. The
 * public API hands it out only through a live socket (mgos_mqtt_conn_from_nc); the
 * object itself is created once at boot and never freed, so keeping the pointer is safe.
 * Used only by HIL.Sub with an explicit QoS, so that it works offline too.
 */
static struct mgos_mqtt_conn *s_conn = NULL;

static void learn_conn(struct mg_connection *nc) {
  if (s_conn == NULL && nc != NULL) s_conn = mgos_mqtt_conn_from_nc(nc);
}

/*
 * The subscription handler. It also receives the SUBACK of its own subscription; only
 * PUBLISH is a message. With several matching subscriptions each one prints a line,
 * as each one's handler is called.
 */
static void on_message(struct mg_connection *nc, int ev, void *ev_data, void *user_data) {
  learn_conn(nc);
  if (ev != MG_EV_MQTT_PUBLISH) return;
  const struct mg_mqtt_message *mm = (const struct mg_mqtt_message *) ev_data;
  /* Mongoose 6.18 keeps neither DUP nor RETAIN of an incoming PUBLISH, so they are not
   * reported; a QoS 0 message has no packet id. */
  if (mm->qos > 0) {
    hil_event("{ev: %Q, topic: %.*Q, msg: %.*Q, len: %d, qos: %d, packet_id: %d, t: %lld}",
              "msg", (int) mm->topic.len, mm->topic.p, (int) mm->payload.len, mm->payload.p,
              (int) mm->payload.len, mm->qos, (int) mm->message_id, hil_uptime_ms());
  } else {
    hil_event("{ev: %Q, topic: %.*Q, msg: %.*Q, len: %d, qos: %d, t: %lld}", "msg",
              (int) mm->topic.len, mm->topic.p, (int) mm->payload.len, mm->payload.p,
              (int) mm->payload.len, mm->qos, hil_uptime_ms());
  }
  (void) user_data;
}

/*
 * The global handler. The library passes it CONNACK (code 0 only: a refused CONNACK
 * reaches no handler), CLOSE (only for a session that had been up), PUBACK, PUBREC,
 * PUBCOMP, UNSUBACK, POLL, and PUBLISH that matched no subscription (not reported).
 */
static void on_mqtt_event(struct mg_connection *nc, int ev, void *ev_data, void *user_data) {
  learn_conn(nc);
  const struct mg_mqtt_message *mm = (const struct mg_mqtt_message *) ev_data;
  switch (ev) {
    case MG_EV_MQTT_CONNACK: {
      char peer[64] = "";
      mg_conn_addr_to_str(nc, peer, sizeof(peer),
                          MG_SOCK_STRINGIFY_REMOTE | MG_SOCK_STRINGIFY_IP | MG_SOCK_STRINGIFY_PORT);
      hil_state_on_connack(peer);
      hil_event("{ev: %Q, code: %d, t: %lld}", "connack", (int) mm->connack_ret_code,
                hil_uptime_ms());
      break;
    }
    case MG_EV_CLOSE: /* ev_data is NULL here */
      hil_state_on_close();
      hil_event("{ev: %Q, t: %lld}", "close", hil_uptime_ms());
      break;
    case MG_EV_MQTT_PUBACK:
      hil_state_on_ack(mm->message_id);
      hil_event("{ev: %Q, packet_id: %d, t: %lld}", "puback", (int) mm->message_id,
                hil_uptime_ms());
      break;
    case MG_EV_MQTT_PUBREC:
      hil_state_on_ack(mm->message_id);
      hil_event("{ev: %Q, packet_id: %d, t: %lld}", "pubrec", (int) mm->message_id,
                hil_uptime_ms());
      break;
    case MG_EV_MQTT_PUBCOMP:
      hil_event("{ev: %Q, packet_id: %d, t: %lld}", "pubcomp", (int) mm->message_id,
                hil_uptime_ms());
      break;
    case MG_EV_MQTT_UNSUBACK:
      /* Mongoose 6.18 does not read UNSUBACK's packet id: it is reported as 0. */
      hil_event("{ev: %Q, packet_id: %d, t: %lld}", "unsuback", (int) mm->message_id,
                hil_uptime_ms());
      break;
    default:
      break;
  }
  (void) user_data;
}

void hil_mqtt_init(void) {
  s_enabled_at_boot = mgos_sys_config_get_mqtt_enable();
  mgos_mqtt_add_global_handler(on_mqtt_event, NULL);
}

uint16_t hil_mqtt_pub(const char *topic, const char *message, size_t len, int qos, bool retain) {
  uint16_t packet_id = mgos_mqtt_pub(topic, message, len, qos, retain);
  if (packet_id != 0) hil_state_on_pub(packet_id, qos);
  hil_event("{ev: %Q, packet_id: %d, topic: %Q, qos: %d, t: %lld}", "pub", (int) packet_id,
            topic, qos, hil_uptime_ms());
  return packet_id;
}

/* mgos_mqtt_pubv takes a va_list: this is how a firmware's own varargs wrapper hands one on. */
static uint16_t pub_through_pubv(const char *topic, int qos, bool retain, const char *json_fmt, ...) {
  va_list ap;
  va_start(ap, json_fmt);
  uint16_t packet_id = mgos_mqtt_pubv(topic, qos, retain, json_fmt, ap);
  va_end(ap);
  return packet_id;
}

/*
 * The HIL.Pubf cases. Formats and arguments are fixed here so that the harness knows the
 * payload each must produce (harness/model/pubf-cases.ts, from frozen's rules): bare keys
 * quoted, the whitespace of the format kept exactly, %Q escaping and NULL, %B, %.*Q,
 * nested objects and arrays. Keep the three in step: test/firmware/contract.test.ts
 * reads these formats.
 */
static const char s_escaped[] = "say \"hi\"\\\n\t.";

bool hil_mqtt_pubf(const char *name, const char *topic, int qos, bool retain, uint16_t *packet_id) {
  uint16_t id;
  if (strcmp(name, "keys") == 0) {
    id = mgos_mqtt_pubf(topic, qos, retain, "{a: %d, b_2:%d, _c3 : %d}", 1, -42, 65536);
  } else if (strcmp(name, "escapes") == 0) {
    id = mgos_mqtt_pubf(topic, qos, retain, "{s: %Q, none: %Q}", s_escaped, (const char *) NULL);
  } else if (strcmp(name, "bools") == 0) {
    id = mgos_mqtt_pubf(topic, qos, retain, "{on: %B, off: %B, also: %B}", 1, 0, 7);
  } else if (strcmp(name, "nested") == 0) {
    id = mgos_mqtt_pubf(topic, qos, retain, "{dev: {id: %Q, n: %d}, list: [%d, [%B], {}], cut: %.*Q}",
                        "hil", 3, 1, 0, 3, "abcdef");
  } else if (strcmp(name, "pubv") == 0) {
    id = pub_through_pubv(topic, qos, retain, "{via: %Q, n: %d}", "pubv", 7);
  } else {
    return false;
  }
  if (id != 0) hil_state_on_pub(id, qos);
  hil_event("{ev: %Q, case: %Q, packet_id: %d, topic: %Q, qos: %d, t: %lld}", "pubf", name, (int) id,
            topic, qos, hil_uptime_ms());
  *packet_id = id;
  return true;
}

void hil_mqtt_sub(const char *topic, int qos) {
  if (!s_enabled_at_boot) return; /* the library would remember nothing */
  struct mgos_mqtt_conn *c = mgos_mqtt_conn_from_nc(mgos_mqtt_get_global_conn());
  if (c == NULL) c = s_conn;
  int asked = HIL_LIBRARY_SUB_QOS;
  /* user_data stays NULL: mgos_mqtt_unsub frees a subscription's user_data. */
  if (qos >= 0 && c != NULL) {
    asked = qos;
    mgos_mqtt_conn_sub(c, topic, qos, on_message, NULL);
  } else {
    /* No explicit QoS, or no socket seen yet: the library's default QoS. */
    mgos_mqtt_global_subscribe(mg_mk_str(topic), on_message, NULL);
  }
  hil_state_on_sub(topic);
  /* qos: what the firmware asked for; the library caps it by the max QoS in force. */
  hil_event("{ev: %Q, topic: %Q, qos: %d, t: %lld}", "sub", topic, asked, hil_uptime_ms());
}

bool hil_mqtt_unsub(const char *topic) {
  if (!s_enabled_at_boot) return false;
  bool removed = mgos_mqtt_unsub(topic);
  if (removed) {
    hil_state_on_unsub(topic);
    hil_event("{ev: %Q, topic: %Q, t: %lld}", "unsub", topic, hil_uptime_ms());
  }
  return removed;
}

bool hil_mqtt_set_max_qos(int qos) {
  /*
   * mgos_mqtt_set_max_qos() is declared in mgos_mqtt.h but defined nowhere since the
   * library's 2020 refactor: calling it does not link. This is the route that works,
   * and it works only while the global connection has a socket.
   */
  struct mgos_mqtt_conn *c = mgos_mqtt_conn_from_nc(mgos_mqtt_get_global_conn());
  if (c == NULL) return false;
  mgos_mqtt_conn_set_max_qos(c, qos);
  hil_state_on_set_max_qos(qos);
  return true;
}

bool hil_mqtt_packet_ids(int count, struct hil_packet_ids *out) {
  if (!s_enabled_at_boot) return false;
  struct hil_packet_ids r = {0, 0, 0, 0};
  for (int i = 0; i < count; i++) {
    int id = (int) mgos_mqtt_get_packet_id();
    if (i == 0) r.first = id;
    else if (id <= r.last) r.wraps++;
    if (id == 0) r.zeros++;
    r.last = id;
  }
  *out = r;
  hil_event("{ev: %Q, count: %d, first: %d, last: %d, zeros: %d, t: %lld}", "packet_ids", count,
            r.first, r.last, r.zeros, hil_uptime_ms());
  return true;
}

/*
 * HIL.SetConnectFn's callback (mgos_mqtt_connect_fn_t). The library calls it on every
 * TCP connect of the global connection, primary and backup alike, in place of sending its
 * own CONNECT: it hands over the client id and the handshake options it built from the
 * active config, and the callback must send the handshake itself. This one prints what it
 * was given, changes two things a gate can see — the user name and the keep-alive, which
 * the handshake also makes the ping interval — and sends it.
 */
static void hil_connect_fn(struct mg_connection *nc, const char *client_id,
                           struct mg_send_mqtt_handshake_opts *opts, void *fn_arg) {
  hil_event("{ev: %Q, client_id: %Q, user: %Q, keep_alive: %d, clean: %B, will: %B, t: %lld}",
            "connect_fn", client_id, opts->user_name, (int) opts->keep_alive,
            (opts->flags & MG_MQTT_CLEAN_SESSION) != 0,
            opts->will_topic != NULL && opts->will_message != NULL, hil_uptime_ms());
  opts->user_name = HIL_CONNECT_FN_USER;
  opts->keep_alive = HIL_CONNECT_FN_KEEP_ALIVE;
  mg_send_mqtt_handshake_opt(nc, client_id, *opts);
  (void) fn_arg;
}

bool hil_mqtt_set_connect_fn(bool on) {
  /* With mqtt.enable false at boot the library has no connection object and ignores it. */
  if (on) {
    mgos_mqtt_set_connect_fn(hil_connect_fn, NULL);
  } else {
    /* NULL: the library sends its own CONNECT again (mgos_mqtt_ev tests the pointer). */
    mgos_mqtt_set_connect_fn(NULL, NULL);
  }
  return s_enabled_at_boot;
}

/*
 * HIL.RawSub's handler: an mg_event_handler_t given to mgos_mqtt_global_subscribe, as a
 * firmware that wants more than topic and payload uses it. It prints one raw_ev line for
 * every event the library calls it with, whatever the event (POLL aside: the library
 * never passes POLL to a subscription, and a line per poll would flood the console).
 * `filter` is the subscription's topic (its user_data, freed by mgos_mqtt_unsub).
 * In mgos_mqtt_conn.c (call_topic_handler) a subscription's handler is called only with
 * a PUBLISH whose topic matches its filter and with the SUBACK whose packet id is that
 * of its last SUBSCRIBE; CONNACK, PUBACK, CLOSE and the rest go to the connection
 * handlers alone. A SUBACK's topic is not read: Mongoose does not set it for SUBACK.
 */
static void on_raw_event(struct mg_connection *nc, int ev, void *ev_data, void *user_data) {
  learn_conn(nc);
  if (ev == MG_EV_POLL) return;
  const char *filter = (const char *) user_data;
  const struct mg_mqtt_message *mm = (const struct mg_mqtt_message *) ev_data;
  if (ev == MG_EV_MQTT_PUBLISH && mm != NULL && mm->qos > 0) {
    hil_event("{ev: %Q, mg_ev: %d, filter: %Q, topic: %.*Q, qos: %d, packet_id: %d, len: %d, t: %lld}",
              "raw_ev", ev, filter, (int) mm->topic.len, mm->topic.p, mm->qos,
              (int) mm->message_id, (int) mm->payload.len, hil_uptime_ms());
  } else if (ev == MG_EV_MQTT_PUBLISH && mm != NULL) {
    /* A QoS 0 PUBLISH has no packet id; Mongoose leaves message_id as the packet before it
     * in the same read set it, so it is not printed. */
    hil_event("{ev: %Q, mg_ev: %d, filter: %Q, topic: %.*Q, qos: %d, len: %d, t: %lld}", "raw_ev",
              ev, filter, (int) mm->topic.len, mm->topic.p, mm->qos, (int) mm->payload.len,
              hil_uptime_ms());
  } else if (ev > MG_MQTT_EVENT_BASE && mm != NULL) {
    hil_event("{ev: %Q, mg_ev: %d, filter: %Q, packet_id: %d, t: %lld}", "raw_ev", ev, filter,
              (int) mm->message_id, hil_uptime_ms());
  } else {
    hil_event("{ev: %Q, mg_ev: %d, filter: %Q, t: %lld}", "raw_ev", ev, filter, hil_uptime_ms());
  }
}

void hil_mqtt_raw_sub(const char *topic) {
  /*
   * Called even with MQTT disabled at boot: the library then has no connection object
   * and returns without remembering anything (mgos_mqtt_conn_sub_s), which is safe.
   * user_data is the firmware's own copy of the filter, for the raw_ev lines; the
   * library frees it if the subscription is removed by mgos_mqtt_unsub.
   */
  size_t n = strlen(topic) + 1;
  char *filter = (char *) malloc(n);
  if (filter != NULL) memcpy(filter, topic, n);
  mgos_mqtt_global_subscribe(mg_mk_str(topic), on_raw_event, filter);
  if (s_enabled_at_boot) hil_state_on_sub(topic);
  hil_event("{ev: %Q, topic: %Q, t: %lld}", "raw_sub", topic, hil_uptime_ms());
}

bool hil_mqtt_global_conn(void) {
  return mgos_mqtt_get_global_conn() != NULL;
}

void hil_mqtt_connect(void) {
  bool had_socket = mgos_mqtt_get_global_conn() != NULL;
  /* The library clears an explicit disconnect only when it gets as far as a new
   * attempt, i.e. when no socket exists and the config allows one. */
  if (mgos_mqtt_global_connect() && !had_socket) hil_state_on_connect();
}

void hil_mqtt_disconnect(void) {
  mgos_mqtt_global_disconnect();
  if (s_enabled_at_boot) hil_state_on_disconnect();
}
