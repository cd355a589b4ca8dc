/*
 * Host check only: trivial definitions of exactly the symbols that a real Mongoose OS
 * build provides to the firmware — the MQTT and RPC libraries, frozen, Mongoose, the
 * core, and the config getters generated from mos.yml — so that linking the firmware
 * against this file fails where a real build's link fails.
 *
 * mgos_mqtt_set_max_qos is deliberately NOT defined: the real MQTT library declares it
 * in mgos_mqtt.h but has defined it nowhere since its 2020 refactor.
 *
 * main() stands in for the platform, which calls mgos_app_init() after the libraries.
 * The bodies do nothing useful; the executable is built to be linked, not to be run.
 */
#include <stdarg.h>
#include <stddef.h>

#include "frozen.h"
#include "mgos.h"
#include "mgos_mqtt.h"
#include "mgos_rpc.h"

/* Mongoose and its string helpers */
struct mg_str mg_mk_str(const char *s) {
  struct mg_str r = {s, 0};
  return r;
}
int mg_conn_addr_to_str(struct mg_connection *c, char *buf, size_t len, int flags) {
  (void) c, (void) buf, (void) len, (void) flags;
  return 0;
}

/* Core */
int64_t mgos_uptime_micros(void) { return 0; }
const char *mgos_sys_ro_vars_get_fw_id(void) { return NULL; }

/* Config getters (generated from the config schema on a real build) */
bool mgos_sys_config_get_mqtt_enable(void) { return false; }
const char *mgos_sys_config_get_mqtt_server(void) { return NULL; }
const char *mgos_sys_config_get_mqtt_ssl_ca_cert(void) { return NULL; }
int mgos_sys_config_get_mqtt_max_qos(void) { return 2; }
int mgos_sys_config_get_mqtt_max_queue_length(void) { return 5; }
double mgos_sys_config_get_mqtt_reconnect_timeout_min(void) { return 2.0; }
double mgos_sys_config_get_mqtt_reconnect_timeout_max(void) { return 60.0; }
bool mgos_sys_config_get_mqtt1_enable(void) { return false; }
const char *mgos_sys_config_get_mqtt1_server(void) { return NULL; }
const char *mgos_sys_config_get_mqtt1_ssl_ca_cert(void) { return NULL; }
int mgos_sys_config_get_mqtt1_max_qos(void) { return 2; }
int mgos_sys_config_get_mqtt1_max_queue_length(void) { return 5; }
double mgos_sys_config_get_mqtt1_reconnect_timeout_min(void) { return 2.0; }
double mgos_sys_config_get_mqtt1_reconnect_timeout_max(void) { return 60.0; }

/* MQTT library: per-connection API */
struct mgos_mqtt_conn *mgos_mqtt_conn_from_nc(struct mg_connection *nc) {
  (void) nc;
  return NULL;
}
void mgos_mqtt_conn_sub(struct mgos_mqtt_conn *c, const char *topic, int qos,
                        mg_event_handler_t handler, void *user_data) {
  (void) c, (void) topic, (void) qos, (void) handler, (void) user_data;
}
void mgos_mqtt_conn_set_max_qos(struct mgos_mqtt_conn *c, int qos) {
  (void) c, (void) qos;
}

/* MQTT library: global connection API (mgos_mqtt_set_max_qos intentionally absent) */
void mgos_mqtt_global_subscribe(const struct mg_str topic, mg_event_handler_t handler, void *ud) {
  (void) topic, (void) handler, (void) ud;
}
void mgos_mqtt_add_global_handler(mg_event_handler_t handler, void *ud) {
  (void) handler, (void) ud;
}
struct mg_connection *mgos_mqtt_get_global_conn(void) { return NULL; }
bool mgos_mqtt_global_connect(void) { return false; }
void mgos_mqtt_global_disconnect(void) {}
bool mgos_mqtt_global_is_connected(void) { return false; }
uint16_t mgos_mqtt_pub(const char *topic, const void *message, size_t len, int qos, bool retain) {
  (void) topic, (void) message, (void) len, (void) qos, (void) retain;
  return 0;
}
bool mgos_mqtt_unsub(const char *topic) {
  (void) topic;
  return false;
}
size_t mgos_mqtt_num_unsent_bytes(void) { return 0; }

/* frozen */
int json_printf(struct json_out *out, const char *fmt, ...) {
  (void) out, (void) fmt;
  return 0;
}
char *json_vasprintf(const char *fmt, va_list ap) {
  (void) fmt, (void) ap;
  return NULL;
}
int json_scanf(const char *str, int str_len, const char *fmt, ...) {
  (void) str, (void) str_len, (void) fmt;
  return 0;
}

/* RPC */
struct mg_rpc *mgos_rpc_get_global(void) { return NULL; }
void mg_rpc_add_handler(struct mg_rpc *c, const char *method, const char *args_fmt,
                        mg_handler_cb_t cb, void *cb_arg) {
  (void) c, (void) method, (void) args_fmt, (void) cb, (void) cb_arg;
}
bool mg_rpc_send_responsef(struct mg_rpc_request_info *ri, const char *result_json_fmt, ...) {
  (void) ri, (void) result_json_fmt;
  return true;
}
bool mg_rpc_send_errorf(struct mg_rpc_request_info *ri, int error_code, const char *error_msg_fmt,
                        ...) {
  (void) ri, (void) error_code, (void) error_msg_fmt;
  return true;
}

/* The platform */
int main(void) {
  return mgos_app_init() == MGOS_APP_INIT_SUCCESS ? 0 : 1;
}
