/*
 * Host check only: fake definitions of exactly the symbols that a real Mongoose OS
 * build provides to the firmware — the MQTT and RPC libraries, Mongoose, the core, and
 * the config getters generated from mos.yml — so that linking the firmware against this
 * file (with json.c for frozen) fails where a real build's link fails.
 *
 * mgos_mqtt_set_max_qos is deliberately NOT defined: the real MQTT library declares it
 * in mgos_mqtt.h but has defined it nowhere since its 2020 refactor.
 *
 * The fakes keep what the firmware registers (RPC handlers, the global MQTT handler,
 * subscriptions) so that driver.c can run the firmware's handlers (fakes.h). RPC replies
 * are formatted the way the RPC library formats them: the result through json_vprintf,
 * an error message through printf and then %Q.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "frozen.h"
#include "mgos.h"
#include "mgos_event.h"
#include "mgos_mqtt.h"
#include "mgos_rpc.h"

#define FAKE_MAX 16

static int64_t s_uptime_ms = 0;
static bool s_socket = false;
/* Stand-ins for the library's objects: only their addresses matter to the firmware. */
static char s_nc_obj, s_conn_obj, s_rpc_obj;

/* Mongoose and its string helpers */
struct mg_str mg_mk_str(const char *s) {
  struct mg_str r = {s, s != NULL ? strlen(s) : 0};
  return r;
}
int mg_conn_addr_to_str(struct mg_connection *c, char *buf, size_t len, int flags) {
  (void) c, (void) flags;
  return snprintf(buf, len, "%s", "127.0.0.1:1883");
}

/* Core */
int64_t mgos_uptime_micros(void) { return s_uptime_ms * 1000; }
/* Wall time starts at 0 with the uptime, as on an ESP32 powered on without SNTP. */
static double s_wall_at_boot = 0;
double mg_time(void) { return s_wall_at_boot + (double) s_uptime_ms / 1000.0; }
int mgos_settimeofday(double time, struct timezone *tz) {
  (void) tz;
  s_wall_at_boot = time - (double) s_uptime_ms / 1000.0;
  return 0;
}
const char *mgos_sys_ro_vars_get_fw_id(void) { return "2026-12-01T00:00:00Z/host-check"; }

/* Config getters (generated from the config schema on a real build): mos.yml's values */
bool mgos_sys_config_get_mqtt_enable(void) { return true; }
const char *mgos_sys_config_get_mqtt_server(void) { return "127.0.0.1:1883"; }
const char *mgos_sys_config_get_mqtt_ssl_ca_cert(void) { return NULL; }
int mgos_sys_config_get_mqtt_max_qos(void) { return 2; }
int mgos_sys_config_get_mqtt_max_queue_length(void) { return 5; }
double mgos_sys_config_get_mqtt_reconnect_timeout_min(void) { return 2.0; }
double mgos_sys_config_get_mqtt_reconnect_timeout_max(void) { return 60.0; }
bool mgos_sys_config_get_mqtt1_enable(void) { return true; }
const char *mgos_sys_config_get_mqtt1_server(void) { return "127.0.0.1:1884"; }
const char *mgos_sys_config_get_mqtt1_ssl_ca_cert(void) { return NULL; }
int mgos_sys_config_get_mqtt1_max_qos(void) { return 2; }
int mgos_sys_config_get_mqtt1_max_queue_length(void) { return 5; }
double mgos_sys_config_get_mqtt1_reconnect_timeout_min(void) { return 2.0; }
double mgos_sys_config_get_mqtt1_reconnect_timeout_max(void) { return 60.0; }

/* Core events (mgos_event.h) */
struct fake_event_handler {
  int ev;
  mgos_event_handler_t cb;
  void *userdata;
};
static struct fake_event_handler s_event_handlers[FAKE_MAX];
static int s_num_event_handlers = 0;

bool mgos_event_add_handler(int ev, mgos_event_handler_t cb, void *userdata) {
  if (s_num_event_handlers == FAKE_MAX) return false;
  s_event_handlers[s_num_event_handlers++] = (struct fake_event_handler){ev, cb, userdata};
  return true;
}

/* MQTT library */
struct fake_sub {
  char topic[128];
  mg_event_handler_t handler;
  void *user_data;
};
static struct fake_sub s_subs[FAKE_MAX];
static int s_num_subs = 0;
static mg_event_handler_t s_global_handler = NULL;
static void *s_global_ud = NULL;
static uint16_t s_next_packet_id = 1;

static void add_sub(const char *topic, mg_event_handler_t handler, void *ud) {
  if (s_num_subs == FAKE_MAX) {
    fprintf(stderr, "host check: more than %d subscriptions\n", FAKE_MAX);
    exit(4);
  }
  struct fake_sub *s = &s_subs[s_num_subs++];
  snprintf(s->topic, sizeof(s->topic), "%s", topic);
  s->handler = handler;
  s->user_data = ud;
}

struct mgos_mqtt_conn *mgos_mqtt_conn_from_nc(struct mg_connection *nc) {
  return nc != NULL ? (struct mgos_mqtt_conn *) &s_conn_obj : NULL;
}
void mgos_mqtt_conn_sub(struct mgos_mqtt_conn *c, const char *topic, int qos,
                        mg_event_handler_t handler, void *user_data) {
  (void) c, (void) qos;
  add_sub(topic, handler, user_data);
}
void mgos_mqtt_conn_set_max_qos(struct mgos_mqtt_conn *c, int qos) {
  (void) c, (void) qos;
}
void mgos_mqtt_global_subscribe(const struct mg_str topic, mg_event_handler_t handler, void *ud) {
  char t[128];
  snprintf(t, sizeof(t), "%.*s", (int) topic.len, topic.p);
  add_sub(t, handler, ud);
}
void mgos_mqtt_add_global_handler(mg_event_handler_t handler, void *ud) {
  s_global_handler = handler;
  s_global_ud = ud;
}
struct mg_connection *mgos_mqtt_get_global_conn(void) {
  return s_socket ? (struct mg_connection *) &s_nc_obj : NULL;
}
bool mgos_mqtt_global_connect(void) { return true; }
void mgos_mqtt_global_disconnect(void) {}
bool mgos_mqtt_global_is_connected(void) { return s_socket; }
uint16_t mgos_mqtt_pub(const char *topic, const void *message, size_t len, int qos, bool retain) {
  (void) topic, (void) message, (void) len, (void) qos, (void) retain;
  return mgos_mqtt_get_packet_id();
}
/*
 * As the library does it (mgos_mqtt_conn_pubv): the payload formatted by json_vasprintf,
 * then published as mgos_mqtt_pub publishes it; 0 if formatting failed. The fake prints
 * the payload to stderr for a reader of check.sh's output.
 */
uint16_t mgos_mqtt_pubv(const char *topic, int qos, bool retain, const char *json_fmt, va_list ap) {
  char *msg = json_vasprintf(json_fmt, ap);
  if (msg == NULL) return 0;
  fprintf(stderr, "fake mgos_mqtt_pubv %s: %s\n", topic, msg);
  uint16_t id = mgos_mqtt_pub(topic, msg, strlen(msg), qos, retain);
  free(msg);
  return id;
}
uint16_t mgos_mqtt_pubf(const char *topic, int qos, bool retain, const char *json_fmt, ...) {
  va_list ap;
  va_start(ap, json_fmt);
  uint16_t id = mgos_mqtt_pubv(topic, qos, retain, json_fmt, ap);
  va_end(ap);
  return id;
}
bool mgos_mqtt_unsub(const char *topic) {
  for (int i = 0; i < s_num_subs; i++) {
    if (strcmp(s_subs[i].topic, topic) == 0) {
      memmove(&s_subs[i], &s_subs[i + 1], (size_t) (s_num_subs - i - 1) * sizeof(s_subs[0]));
      s_num_subs--;
      return true;
    }
  }
  return false;
}
size_t mgos_mqtt_num_unsent_bytes(void) { return 0; }
/* Counts up, wrapping 65535 to 1 (0 skipped); the fake keeps no queue, so skips nothing else. */
uint16_t mgos_mqtt_get_packet_id(void) {
  uint16_t id = s_next_packet_id++;
  if (s_next_packet_id == 0) s_next_packet_id = 1;
  return id;
}

static mgos_mqtt_connect_fn_t s_connect_fn = NULL;
static void *s_connect_fn_arg = NULL;
void mgos_mqtt_set_connect_fn(mgos_mqtt_connect_fn_t cb, void *fn_arg) {
  s_connect_fn = cb;
  s_connect_fn_arg = fn_arg;
}
void mg_send_mqtt_handshake_opt(struct mg_connection *nc, const char *client_id,
                                struct mg_send_mqtt_handshake_opts opts) {
  (void) nc;
  fprintf(stderr, "fake CONNECT client_id=%s user=%s keep_alive=%d clean=%d\n", client_id,
          opts.user_name != NULL ? opts.user_name : "(none)",
          opts.keep_alive == 0 ? 60 : (int) opts.keep_alive, (opts.flags & MG_MQTT_CLEAN_SESSION) != 0);
}

/* RPC library */
struct fake_handler {
  const char *method;
  mg_handler_cb_t cb;
  void *cb_arg;
};
static struct fake_handler s_handlers[FAKE_MAX];
static int s_num_handlers = 0;

struct mg_rpc_request_info {
  const char *method;
  bool replied;
};

struct mg_rpc *mgos_rpc_get_global(void) { return (struct mg_rpc *) &s_rpc_obj; }
void mg_rpc_add_handler(struct mg_rpc *c, const char *method, const char *args_fmt,
                        mg_handler_cb_t cb, void *cb_arg) {
  (void) c, (void) args_fmt;
  if (s_num_handlers == FAKE_MAX) {
    fprintf(stderr, "host check: more than %d RPC handlers\n", FAKE_MAX);
    exit(4);
  }
  s_handlers[s_num_handlers++] = (struct fake_handler) {method, cb, cb_arg};
}

/* json_vasprintf with the arguments given here. */
static char *json_asprintf_here(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = json_vasprintf(fmt, ap);
  va_end(ap);
  return s;
}

static void reply(struct mg_rpc_request_info *ri, const char *what) {
  if (ri->replied) {
    fprintf(stderr, "host check: %s replied twice\n", ri->method);
    exit(4);
  }
  ri->replied = true;
  printf("RPC %s %s\n", ri->method, what);
  fflush(stdout);
}

bool mg_rpc_send_responsef(struct mg_rpc_request_info *ri, const char *result_json_fmt, ...) {
  va_list ap;
  va_start(ap, result_json_fmt);
  /* The library puts the result after `"result":` in the frame it sends. */
  char *result = json_vasprintf(result_json_fmt, ap);
  va_end(ap);
  char *frame = json_asprintf_here("{%Q: %s}", "result", result);
  reply(ri, frame);
  free(frame);
  free(result);
  return true;
}
bool mg_rpc_send_errorf(struct mg_rpc_request_info *ri, int error_code, const char *error_msg_fmt,
                        ...) {
  /* The library formats the message with printf, then prints it with %Q. */
  char msg[256];
  va_list ap;
  va_start(ap, error_msg_fmt);
  vsnprintf(msg, sizeof(msg), error_msg_fmt, ap);
  va_end(ap);
  char *frame = json_asprintf_here("{error: {code: %d, message: %Q}}", error_code, msg);
  reply(ri, frame);
  free(frame);
  return true;
}

/* The driver's side (fakes.h) */
void fake_set_uptime_ms(int64_t ms) { s_uptime_ms = ms; }
void fake_set_socket(bool up) { s_socket = up; }

void fake_rpc_call(const char *method, const char *params_json) {
  for (int i = 0; i < s_num_handlers; i++) {
    if (strcmp(s_handlers[i].method, method) != 0) continue;
    struct mg_rpc_request_info ri = {method, false};
    struct mg_rpc_frame_info *fi = NULL;
    s_handlers[i].cb(&ri, s_handlers[i].cb_arg, fi, mg_mk_str(params_json));
    if (!ri.replied) {
      fprintf(stderr, "host check: %s sent no reply to %s\n", method, params_json);
      exit(4);
    }
    return;
  }
  fprintf(stderr, "host check: no handler registered for %s\n", method);
  exit(4);
}

void fake_tcp_connected(void) {
  struct mg_send_mqtt_handshake_opts opts;
  memset(&opts, 0, sizeof(opts));
  opts.flags |= MG_MQTT_CLEAN_SESSION;
  opts.keep_alive = 60;
  const char *client_id = "esp32_host01";
  if (s_connect_fn != NULL) {
    s_connect_fn((struct mg_connection *) &s_nc_obj, client_id, &opts, s_connect_fn_arg);
  } else {
    mg_send_mqtt_handshake_opt((struct mg_connection *) &s_nc_obj, client_id, opts);
  }
}

void fake_global_event(int ev, struct mg_mqtt_message *mm) {
  if (s_global_handler == NULL) {
    fprintf(stderr, "host check: the firmware added no global MQTT handler\n");
    exit(4);
  }
  s_global_handler((struct mg_connection *) &s_nc_obj, ev, mm, s_global_ud);
}

void fake_deliver(const char *topic, const char *payload, int qos, uint16_t packet_id) {
  struct mg_mqtt_message mm;
  memset(&mm, 0, sizeof(mm));
  mm.cmd = 3; /* PUBLISH */
  mm.qos = qos;
  mm.topic = mg_mk_str(topic);
  mm.payload = mg_mk_str(payload);
  mm.message_id = packet_id;
  int delivered = 0;
  for (int i = 0; i < s_num_subs; i++) {
    if (strcmp(s_subs[i].topic, topic) != 0) continue;
    s_subs[i].handler((struct mg_connection *) &s_nc_obj, MG_EV_MQTT_PUBLISH, &mm,
                      s_subs[i].user_data);
    delivered++;
  }
  if (delivered == 0) {
    fprintf(stderr, "host check: no subscription for %s\n", topic);
    exit(4);
  }
}

void fake_sub_event(const char *filter, int ev, struct mg_mqtt_message *mm) {
  int called = 0;
  for (int i = 0; i < s_num_subs; i++) {
    if (strcmp(s_subs[i].topic, filter) != 0) continue;
    s_subs[i].handler((struct mg_connection *) &s_nc_obj, ev, mm, s_subs[i].user_data);
    called++;
  }
  if (called == 0) {
    fprintf(stderr, "host check: no subscription for %s\n", filter);
    exit(4);
  }
}

void fake_cloud_event(int ev) {
  struct mgos_cloud_arg arg = {MGOS_CLOUD_MQTT};
  int called = 0;
  for (int i = 0; i < s_num_event_handlers; i++) {
    if (s_event_handlers[i].ev != ev) continue;
    s_event_handlers[i].cb(ev, &arg, s_event_handlers[i].userdata);
    called++;
  }
  if (called == 0) {
    fprintf(stderr, "host check: the firmware added no handler for event %d\n", ev);
    exit(4);
  }
}
