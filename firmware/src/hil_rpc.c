/*
 * The HIL.* RPC methods: params read with frozen's json_scanf, checked, handed to
 * hil_mqtt, answered. A bad param is error 400 naming the method and the field, as on
 * the virtual board. Unknown param keys are ignored (json_scanf cannot see them); the
 * harness validates what it sends with the same contract.
 */
#include "hil_rpc.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "frozen.h"
#include "hil_event.h"
#include "hil_mqtt.h"
#include "hil_state.h"
#include "mgos.h"
#include "mgos_mqtt.h"
#include "mgos_rpc.h"

#define HIL_PUB_ARGS "{topic: %Q, message: %Q, qos: %d, retain: %B}"
#define HIL_SUB_ARGS "{topic: %Q, qos: %d}"
#define HIL_UNSUB_ARGS "{topic: %Q}"
#define HIL_SET_MAX_QOS_ARGS "{qos: %d}"
#define HIL_PACKET_IDS_ARGS "{count: %d}"
#define HIL_SET_TIME_ARGS "{epoch: %d}"
#define HIL_PUBF_ARGS "{topic: %Q, case: %Q, qos: %d, retain: %B}"
#define HIL_SET_CONNECT_FN_ARGS "{mode: %Q}"
#define HIL_RAW_SUB_ARGS "{topic: %Q}"

/* HIL.PacketIds takes at most a full turn of the counter and a few more ids. */
#define HIL_PACKET_IDS_MAX 70000

/* Marks a number param that was not given. */
#define HIL_ABSENT INT_MIN

static bool valid_qos(int qos) {
  return qos >= 0 && qos <= 2;
}

static void rpc_status(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                       struct mg_str args) {
  char server[128];
  hil_state_server(server, sizeof(server));
  mg_rpc_send_responsef(ri,
                        "{connected: %B, server: %Q, cfg: %Q, unsent_bytes: %zu, queue_len: %d, "
                        "uptime_ms: %lld, subs: %M, max_qos: %d, max_qos_override: %d, "
                        "reconnect_timeout_ms: %d}",
                        mgos_mqtt_global_is_connected(), server, hil_state_cfg_name(),
                        mgos_mqtt_num_unsent_bytes(), hil_state_queue_len(), hil_uptime_ms(),
                        hil_state_print_subs, hil_state_max_qos(), hil_state_max_qos_override(),
                        hil_state_reconnect_timeout_ms());
  (void) cb_arg;
  (void) fi;
  (void) args;
}

static void rpc_pub(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                    struct mg_str args) {
  char *topic = NULL, *message = NULL;
  int qos = 0;
  bool retain = false;
  json_scanf(args.p, (int) args.len, HIL_PUB_ARGS, &topic, &message, &qos, &retain);
  if (topic == NULL || topic[0] == '\0') {
    mg_rpc_send_errorf(ri, 400, "HIL.Pub: topic must be a non-empty string");
  } else if (message == NULL) {
    mg_rpc_send_errorf(ri, 400, "HIL.Pub: message must be a string");
  } else if (!valid_qos(qos)) {
    mg_rpc_send_errorf(ri, 400, "HIL.Pub: qos must be 0, 1 or 2, not %d", qos);
  } else {
    uint16_t packet_id = hil_mqtt_pub(topic, message, strlen(message), qos, retain);
    mg_rpc_send_responsef(ri, "{packet_id: %d}", (int) packet_id);
  }
  free(topic);
  free(message);
  (void) cb_arg;
  (void) fi;
}

static void rpc_pubf(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                     struct mg_str args) {
  char *topic = NULL, *name = NULL;
  int qos = 0;
  bool retain = false;
  uint16_t packet_id = 0;
  json_scanf(args.p, (int) args.len, HIL_PUBF_ARGS, &topic, &name, &qos, &retain);
  if (topic == NULL || topic[0] == '\0') {
    mg_rpc_send_errorf(ri, 400, "HIL.Pubf: topic must be a non-empty string");
  } else if (name == NULL) {
    mg_rpc_send_errorf(ri, 400, "HIL.Pubf: case is required");
  } else if (!valid_qos(qos)) {
    mg_rpc_send_errorf(ri, 400, "HIL.Pubf: qos must be 0, 1 or 2, not %d", qos);
  } else if (!hil_mqtt_pubf(name, topic, qos, retain, &packet_id)) {
    mg_rpc_send_errorf(ri, 400, "HIL.Pubf: case must be keys, escapes, bools, nested or pubv, not %s", name);
  } else {
    mg_rpc_send_responsef(ri, "{packet_id: %d}", (int) packet_id);
  }
  free(topic);
  free(name);
  (void) cb_arg;
  (void) fi;
}

static void rpc_sub(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                    struct mg_str args) {
  char *topic = NULL;
  int qos = HIL_ABSENT;
  json_scanf(args.p, (int) args.len, HIL_SUB_ARGS, &topic, &qos);
  if (topic == NULL || topic[0] == '\0') {
    mg_rpc_send_errorf(ri, 400, "HIL.Sub: topic must be a non-empty string");
  } else if (qos != HIL_ABSENT && !valid_qos(qos)) {
    mg_rpc_send_errorf(ri, 400, "HIL.Sub: qos must be 0, 1 or 2, not %d", qos);
  } else {
    hil_mqtt_sub(topic, qos == HIL_ABSENT ? -1 : qos);
    mg_rpc_send_responsef(ri, "{}");
  }
  free(topic);
  (void) cb_arg;
  (void) fi;
}

static void rpc_unsub(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                      struct mg_str args) {
  char *topic = NULL;
  json_scanf(args.p, (int) args.len, HIL_UNSUB_ARGS, &topic);
  if (topic == NULL || topic[0] == '\0') {
    mg_rpc_send_errorf(ri, 400, "HIL.Unsub: topic must be a non-empty string");
  } else {
    mg_rpc_send_responsef(ri, "{removed: %B}", hil_mqtt_unsub(topic));
  }
  free(topic);
  (void) cb_arg;
  (void) fi;
}

static void rpc_set_max_qos(struct mg_rpc_request_info *ri, void *cb_arg,
                            struct mg_rpc_frame_info *fi, struct mg_str args) {
  int qos = HIL_ABSENT;
  json_scanf(args.p, (int) args.len, HIL_SET_MAX_QOS_ARGS, &qos);
  if (qos == HIL_ABSENT) {
    mg_rpc_send_errorf(ri, 400, "HIL.SetMaxQoS: qos is required");
  } else if (!valid_qos(qos)) {
    mg_rpc_send_errorf(ri, 400, "HIL.SetMaxQoS: qos must be 0, 1 or 2, not %d", qos);
  } else {
    /* applied: false when no socket existed, so the library never saw the value. */
    mg_rpc_send_responsef(ri, "{applied: %B}", hil_mqtt_set_max_qos(qos));
  }
  (void) cb_arg;
  (void) fi;
}

static void rpc_packet_ids(struct mg_rpc_request_info *ri, void *cb_arg,
                           struct mg_rpc_frame_info *fi, struct mg_str args) {
  int count = HIL_ABSENT;
  struct hil_packet_ids r;
  json_scanf(args.p, (int) args.len, HIL_PACKET_IDS_ARGS, &count);
  if (count == HIL_ABSENT) {
    mg_rpc_send_errorf(ri, 400, "HIL.PacketIds: count is required");
  } else if (count < 1 || count > HIL_PACKET_IDS_MAX) {
    mg_rpc_send_errorf(ri, 400, "HIL.PacketIds: count must be 1 to %d, not %d", HIL_PACKET_IDS_MAX,
                       count);
  } else if (!hil_mqtt_packet_ids(count, &r)) {
    mg_rpc_send_errorf(ri, 409,
                       "HIL.PacketIds: mqtt.enable was false at boot: the library has no "
                       "connection object");
  } else {
    mg_rpc_send_responsef(ri, "{count: %d, first: %d, last: %d, zeros: %d, wraps: %d}", count,
                          r.first, r.last, r.zeros, r.wraps);
  }
  (void) cb_arg;
  (void) fi;
}

/*
 * Wall time, as SNTP would set it: mgos_settimeofday, which also fires
 * MGOS_EVENT_TIME_CHANGED. The test firmware has no SNTP library, so on a board nothing
 * else sets the clock; an epoch under the MQTT library's threshold (1500000000) makes
 * the time "not set" again for mqtt.require_time. The ESP32's RTC keeps the clock across
 * a software reset (Sys.Reboot, Config.Set with reboot), so a scenario sets it before the
 * reboot that brings its config in. Whole seconds in an int: enough until 2038.
 */
static void rpc_set_time(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                         struct mg_str args) {
  int epoch = HIL_ABSENT;
  json_scanf(args.p, (int) args.len, HIL_SET_TIME_ARGS, &epoch);
  if (epoch == HIL_ABSENT) {
    mg_rpc_send_errorf(ri, 400, "HIL.SetTime: epoch is required");
  } else if (epoch < 0) {
    mg_rpc_send_errorf(ri, 400, "HIL.SetTime: epoch must be 0 or more, not %d", epoch);
  } else {
    int64_t before = (int64_t) mg_time();
    if (mgos_settimeofday((double) epoch, NULL) != 0) {
      mg_rpc_send_errorf(ri, 500, "HIL.SetTime: settimeofday failed");
    } else {
      int64_t after = (int64_t) mg_time();
      hil_event("{ev: %Q, before: %lld, after: %lld, t: %lld}", "time_set", before, after,
                hil_uptime_ms());
      mg_rpc_send_responsef(ri, "{before: %lld, after: %lld}", before, after);
    }
  }
  (void) cb_arg;
  (void) fi;
}

static void rpc_set_connect_fn(struct mg_rpc_request_info *ri, void *cb_arg,
                               struct mg_rpc_frame_info *fi, struct mg_str args) {
  char *mode = NULL;
  json_scanf(args.p, (int) args.len, HIL_SET_CONNECT_FN_ARGS, &mode);
  if (mode == NULL) {
    mg_rpc_send_errorf(ri, 400, "HIL.SetConnectFn: mode is required");
  } else if (strcmp(mode, "on") != 0 && strcmp(mode, "off") != 0) {
    mg_rpc_send_errorf(ri, 400, "HIL.SetConnectFn: mode must be on or off, not %s", mode);
  } else {
    /* applied: false when mqtt.enable was false at boot (no connection object). */
    mg_rpc_send_responsef(ri, "{applied: %B}", hil_mqtt_set_connect_fn(strcmp(mode, "on") == 0));
  }
  free(mode);
  (void) cb_arg;
  (void) fi;
}

static void rpc_connect(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                        struct mg_str args) {
  hil_mqtt_connect();
  mg_rpc_send_responsef(ri, "{}");
  (void) cb_arg;
  (void) fi;
  (void) args;
}

static void rpc_disconnect(struct mg_rpc_request_info *ri, void *cb_arg,
                           struct mg_rpc_frame_info *fi, struct mg_str args) {
  hil_mqtt_disconnect();
  mg_rpc_send_responsef(ri, "{}");
  (void) cb_arg;
  (void) fi;
  (void) args;
}

static void rpc_raw_sub(struct mg_rpc_request_info *ri, void *cb_arg, struct mg_rpc_frame_info *fi,
                        struct mg_str args) {
  char *topic = NULL;
  json_scanf(args.p, (int) args.len, HIL_RAW_SUB_ARGS, &topic);
  if (topic == NULL || topic[0] == '\0') {
    mg_rpc_send_errorf(ri, 400, "HIL.RawSub: topic must be a non-empty string");
  } else {
    hil_mqtt_raw_sub(topic);
    mg_rpc_send_responsef(ri, "{}");
  }
  free(topic);
  (void) cb_arg;
  (void) fi;
}

/* conn: mgos_mqtt_get_global_conn() was not NULL; connected: mgos_mqtt_global_is_connected(). */
static void rpc_global_conn(struct mg_rpc_request_info *ri, void *cb_arg,
                            struct mg_rpc_frame_info *fi, struct mg_str args) {
  mg_rpc_send_responsef(ri, "{conn: %B, connected: %B}", hil_mqtt_global_conn(),
                        mgos_mqtt_global_is_connected());
  (void) cb_arg;
  (void) fi;
  (void) args;
}

void hil_rpc_init(void) {
  struct mg_rpc *rpc = mgos_rpc_get_global();
  mg_rpc_add_handler(rpc, "HIL.Status", NULL, rpc_status, NULL);
  mg_rpc_add_handler(rpc, "HIL.Pub", HIL_PUB_ARGS, rpc_pub, NULL);
  mg_rpc_add_handler(rpc, "HIL.Sub", HIL_SUB_ARGS, rpc_sub, NULL);
  mg_rpc_add_handler(rpc, "HIL.Unsub", HIL_UNSUB_ARGS, rpc_unsub, NULL);
  mg_rpc_add_handler(rpc, "HIL.SetMaxQoS", HIL_SET_MAX_QOS_ARGS, rpc_set_max_qos, NULL);
  mg_rpc_add_handler(rpc, "HIL.Pubf", HIL_PUBF_ARGS, rpc_pubf, NULL);
  mg_rpc_add_handler(rpc, "HIL.PacketIds", HIL_PACKET_IDS_ARGS, rpc_packet_ids, NULL);
  mg_rpc_add_handler(rpc, "HIL.SetTime", HIL_SET_TIME_ARGS, rpc_set_time, NULL);
  mg_rpc_add_handler(rpc, "HIL.Connect", NULL, rpc_connect, NULL);
  mg_rpc_add_handler(rpc, "HIL.Disconnect", NULL, rpc_disconnect, NULL);
  mg_rpc_add_handler(rpc, "HIL.SetConnectFn", HIL_SET_CONNECT_FN_ARGS, rpc_set_connect_fn, NULL);
  mg_rpc_add_handler(rpc, "HIL.RawSub", HIL_RAW_SUB_ARGS, rpc_raw_sub, NULL);
  mg_rpc_add_handler(rpc, "HIL.GlobalConn", NULL, rpc_global_conn, NULL);
}
