/*
 * The Mongoose OS cloud events (MGOS_EVENT_CLOUD_*) that the MQTT library triggers, each
 * printed as one `HIL {"ev": "cloud", …}` line, so the harness can judge the library's
 * `mqtt.cloud_events` setting from the outside.
 */
#pragma once

/*
 * Registers one core event handler per cloud event. CONNECTERROR exists only in cores
 * and MQTT libraries after release 2.20.0; the firmware names it only when built with
 * HIL_CLOUD_CONNECTERROR=1 (mos.yml cdefs, README.md).
 */
void hil_cloud_init(void);
