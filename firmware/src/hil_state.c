#include "hil_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frozen.h"
#include "mgos.h"

/* One config's settings, read live: the library reads them live too. */
struct hil_cfg_view {
  bool enable;
  const char *server; /* NULL when unset (an empty setting reads as unset) */
  const char *ssl_ca_cert;
  int max_qos;
  int max_queue_length;
  double reconnect_timeout_min; /* seconds */
  double reconnect_timeout_max;
};

static struct hil_cfg_view cfg_view(enum hil_cfg which) {
  struct hil_cfg_view v;
  if (which == HIL_CFG_MQTT1) {
    v.enable = mgos_sys_config_get_mqtt1_enable();
    v.server = mgos_sys_config_get_mqtt1_server();
    v.ssl_ca_cert = mgos_sys_config_get_mqtt1_ssl_ca_cert();
    v.max_qos = mgos_sys_config_get_mqtt1_max_qos();
    v.max_queue_length = mgos_sys_config_get_mqtt1_max_queue_length();
    v.reconnect_timeout_min = mgos_sys_config_get_mqtt1_reconnect_timeout_min();
    v.reconnect_timeout_max = mgos_sys_config_get_mqtt1_reconnect_timeout_max();
  } else {
    v.enable = mgos_sys_config_get_mqtt_enable();
    v.server = mgos_sys_config_get_mqtt_server();
    v.ssl_ca_cert = mgos_sys_config_get_mqtt_ssl_ca_cert();
    v.max_qos = mgos_sys_config_get_mqtt_max_qos();
    v.max_queue_length = mgos_sys_config_get_mqtt_max_queue_length();
    v.reconnect_timeout_min = mgos_sys_config_get_mqtt_reconnect_timeout_min();
    v.reconnect_timeout_max = mgos_sys_config_get_mqtt_reconnect_timeout_max();
  }
  return v;
}

/*
 * Which config is active. The library switches between mqtt and mqtt1 inside failed
 * attempts that reach no handler, so the firmware learns it only at CONNACK, from the
 * peer address of the live socket. Between sessions this is the config of the last
 * session (or mqtt before the first one).
 */
static enum hil_cfg s_cfg = HIL_CFG_MQTT;

/*
 * The library's reconnect timeout (`rt`, ms). Exact at 0 (boot, CONNACK), -1 (explicit
 * disconnect) and right after a session closes. Later backoff steps happen in failed
 * attempts that the public API does not report: the harness reads those from the
 * `MQTT0 connecting after <ms> ms` log lines.
 */
static int s_rt_ms = 0;

/* -1: no runtime override (the library's own "unset"). */
static int s_max_qos_override = -1;

/*
 * Packet ids of QoS >= 1 publishes made through HIL.Pub and not yet acknowledged, oldest
 * first, as the library queues them: by the requested QoS, at most max_queue_length
 * (oldest dropped), removed by PUBACK or PUBREC. HIL.Pub is the firmware's only
 * publisher, so this matches the library's queue up to HIL_QUEUE_CAP entries.
 */
#define HIL_QUEUE_CAP 64
static uint16_t s_queue[HIL_QUEUE_CAP];
static int s_queue_len = 0;

/* Subscriptions in the order made; one entry per library subscription. */
struct hil_sub {
  struct hil_sub *next;
  char topic[];
};
static struct hil_sub *s_subs = NULL;

const char *hil_state_cfg_name(void) {
  return s_cfg == HIL_CFG_MQTT1 ? "mqtt1" : "mqtt";
}

static void format_server(const struct hil_cfg_view *v, char *buf, size_t len) {
  if (v->server == NULL) {
    snprintf(buf, len, "%s", "");
  } else if (strchr(v->server, ':') != NULL) {
    snprintf(buf, len, "%s", v->server);
  } else {
    /* The library's rule for a server without a port. */
    snprintf(buf, len, "%s:%d", v->server, v->ssl_ca_cert != NULL ? 8883 : 1883);
  }
}

void hil_state_server(char *buf, size_t len) {
  struct hil_cfg_view v = cfg_view(s_cfg);
  format_server(&v, buf, len);
}

static int clamp_qos(int qos) {
  /* The library applies no cap for a negative config value. */
  return (qos < 0 || qos > 2) ? 2 : qos;
}

int hil_state_max_qos(void) {
  if (s_max_qos_override >= 0) return clamp_qos(s_max_qos_override);
  return clamp_qos(cfg_view(s_cfg).max_qos);
}

int hil_state_max_qos_override(void) {
  return s_max_qos_override;
}

int hil_state_reconnect_timeout_ms(void) {
  return s_rt_ms;
}

int hil_state_queue_len(void) {
  return s_queue_len;
}

int hil_state_print_subs(struct json_out *out, va_list *ap) {
  int n = json_printf(out, "[");
  for (const struct hil_sub *s = s_subs; s != NULL; s = s->next) {
    n += json_printf(out, s == s_subs ? "%Q" : ",%Q", s->topic);
  }
  n += json_printf(out, "]");
  (void) ap;
  return n;
}

void hil_state_on_sub(const char *topic) {
  size_t len = strlen(topic);
  struct hil_sub *s = malloc(sizeof(*s) + len + 1);
  if (s == NULL) return;
  memcpy(s->topic, topic, len + 1);
  s->next = NULL;
  struct hil_sub **tail = &s_subs;
  while (*tail != NULL) tail = &(*tail)->next;
  *tail = s;
}

void hil_state_on_unsub(const char *topic) {
  /* The library removes the first matching subscription only. */
  for (struct hil_sub **p = &s_subs; *p != NULL; p = &(*p)->next) {
    if (strcmp((*p)->topic, topic) == 0) {
      struct hil_sub *s = *p;
      *p = s->next;
      free(s);
      return;
    }
  }
}

static void queue_drop_head(void) {
  memmove(&s_queue[0], &s_queue[1], (size_t) (s_queue_len - 1) * sizeof(s_queue[0]));
  s_queue_len--;
}

void hil_state_on_pub(uint16_t packet_id, int qos) {
  int max_len = cfg_view(s_cfg).max_queue_length;
  if (qos <= 0 || max_len <= 0) return;
  if (max_len > HIL_QUEUE_CAP) max_len = HIL_QUEUE_CAP;
  while (s_queue_len >= max_len) queue_drop_head();
  s_queue[s_queue_len++] = packet_id;
}

void hil_state_on_ack(uint16_t packet_id) {
  int kept = 0;
  for (int i = 0; i < s_queue_len; i++) {
    if (s_queue[i] != packet_id) s_queue[kept++] = s_queue[i];
  }
  s_queue_len = kept;
}

void hil_state_on_set_max_qos(int qos) {
  /* The library ignores a value equal to the active config's max_qos (so an override
   * cannot be undone by restoring that value: a defect the harness checks). */
  if (qos == cfg_view(s_cfg).max_qos) return;
  s_max_qos_override = qos;
}

static bool server_is_peer(const struct hil_cfg_view *v, const char *peer) {
  char server[128];
  if (!v->enable || v->server == NULL) return false;
  format_server(v, server, sizeof(server));
  return strcmp(server, peer) == 0;
}

void hil_state_on_connack(const char *peer) {
  s_rt_ms = 0;
  struct hil_cfg_view primary = cfg_view(HIL_CFG_MQTT);
  struct hil_cfg_view backup = cfg_view(HIL_CFG_MQTT1);
  bool is_primary = server_is_peer(&primary, peer);
  bool is_backup = server_is_peer(&backup, peer);
  /* A server given by name, or both configs naming the same one: keep what we had. */
  if (is_primary != is_backup) s_cfg = is_backup ? HIL_CFG_MQTT1 : HIL_CFG_MQTT;
}

void hil_state_on_close(void) {
  /* After a session (rt was 0 since its CONNACK) the library schedules the next attempt
   * at 2 s, bounded by the active config's min and max; after an explicit disconnect
   * (rt -1) it schedules none. */
  if (s_rt_ms < 0) return;
  struct hil_cfg_view v = cfg_view(s_cfg);
  int rt = 2000;
  if (rt < v.reconnect_timeout_min * 1000) rt = (int) (v.reconnect_timeout_min * 1000);
  if (rt > v.reconnect_timeout_max * 1000) rt = (int) (v.reconnect_timeout_max * 1000);
  s_rt_ms = rt;
}

void hil_state_on_connect(void) {
  if (s_rt_ms < 0) s_rt_ms = 0;
}

void hil_state_on_disconnect(void) {
  s_rt_ms = -1;
}
