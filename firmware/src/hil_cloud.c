#include "hil_cloud.h"

#include "hil_event.h"
#include "mgos.h"
#include "mgos_event.h"

/*
 * 2.20.0's mgos_event.h has no MGOS_EVENT_CLOUD_CONNECTERROR: it was added to the core's
 * enum after 2.20.0, in front of MGOS_EVENT_REBOOT_AFTER, which took its number in
 * 2.20.0. So the firmware cannot pick the event out of a group handler by number (on
 * 2.20.0 that number is a scheduled reboot); it names it, and only when the build says
 * the core has it.
 */
#ifndef HIL_CLOUD_CONNECTERROR
#define HIL_CLOUD_CONNECTERROR 0
#endif

/*
 * One handler for all four events; `name` (userdata) is the event's contract name. The
 * MQTT library always passes a struct mgos_cloud_arg with type MGOS_CLOUD_MQTT (0); other
 * cloud libraries (AWS, GCP, …) trigger the same events with their own type, so the type
 * is printed rather than assumed.
 */
static void on_cloud_event(int ev, void *ev_data, void *userdata) {
  const struct mgos_cloud_arg *arg = (const struct mgos_cloud_arg *) ev_data;
  int type = arg != NULL ? (int) arg->type : -1;
  hil_event("{ev: %Q, name: %Q, mgos_ev: %d, type: %d, t: %lld}", "cloud",
            (const char *) userdata, ev, type, hil_uptime_ms());
}

void hil_cloud_init(void) {
  mgos_event_add_handler(MGOS_EVENT_CLOUD_CONNECTING, on_cloud_event, (void *) "connecting");
  mgos_event_add_handler(MGOS_EVENT_CLOUD_CONNECTED, on_cloud_event, (void *) "connected");
  mgos_event_add_handler(MGOS_EVENT_CLOUD_DISCONNECTED, on_cloud_event, (void *) "disconnected");
#if HIL_CLOUD_CONNECTERROR
  mgos_event_add_handler(MGOS_EVENT_CLOUD_CONNECTERROR, on_cloud_event, (void *) "connecterror");
#endif
}
