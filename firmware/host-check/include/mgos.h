/*
 * Host check only: the Mongoose OS core API the firmware uses (app entry point, uptime,
 * the generated config and read-only-variable getters). Written from the API's names and
 * signatures; not the real header. On a real build the getters are static inline
 * functions generated from mos.yml's config schema; here they are plain declarations.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "mongoose.h"

enum mgos_app_init_result {
  MGOS_APP_INIT_SUCCESS = 0,
  MGOS_APP_INIT_ERROR = -2,
};

enum mgos_app_init_result mgos_app_init(void);

int64_t mgos_uptime_micros(void);

/* mgos_time.h: settimeofday from double seconds; fires MGOS_EVENT_TIME_CHANGED on success. */
struct timezone;
int mgos_settimeofday(double time, struct timezone *tz);

const char *mgos_sys_ro_vars_get_fw_id(void);

bool mgos_sys_config_get_mqtt_enable(void);
const char *mgos_sys_config_get_mqtt_server(void);
const char *mgos_sys_config_get_mqtt_ssl_ca_cert(void);
int mgos_sys_config_get_mqtt_max_qos(void);
int mgos_sys_config_get_mqtt_max_queue_length(void);
double mgos_sys_config_get_mqtt_reconnect_timeout_min(void);
double mgos_sys_config_get_mqtt_reconnect_timeout_max(void);

bool mgos_sys_config_get_mqtt1_enable(void);
const char *mgos_sys_config_get_mqtt1_server(void);
const char *mgos_sys_config_get_mqtt1_ssl_ca_cert(void);
int mgos_sys_config_get_mqtt1_max_qos(void);
int mgos_sys_config_get_mqtt1_max_queue_length(void);
double mgos_sys_config_get_mqtt1_reconnect_timeout_min(void);
double mgos_sys_config_get_mqtt1_reconnect_timeout_max(void);
