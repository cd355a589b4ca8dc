/*
 * mgos-hil test firmware: exposes the MQTT library's global connection to the harness
 * as HIL.* RPC methods and prints one `HIL {json}` line per MQTT event
 * (contract: harness/contract/hil.ts).
 */
#include "hil_cloud.h"
#include "hil_event.h"
#include "hil_mqtt.h"
#include "hil_rpc.h"
#include "mgos.h"

enum mgos_app_init_result mgos_app_init(void) {
  /* Libraries are initialised before the app: the MQTT connection object (if
   * mqtt.enable) and the RPC instance exist by now. */
  hil_mqtt_init();
  hil_cloud_init();
  hil_rpc_init();
  const char *fw_id = mgos_sys_ro_vars_get_fw_id();
  hil_event("{ev: %Q, t: %lld, fw_id: %Q}", "boot", hil_uptime_ms(),
            fw_id != NULL ? fw_id : "");
  return MGOS_APP_INIT_SUCCESS;
}
