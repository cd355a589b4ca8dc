/*
 * Host check only: the part of the Mongoose OS core's event API (mgos_event.h) that the
 * firmware uses: adding a handler, the cloud events and their argument. Written from the
 * API's names and the order of its enum; not the real header. The numbers follow the core
 * after 2.20.0, which has MGOS_EVENT_CLOUD_CONNECTERROR (2.20.0 has not; its next event,
 * MGOS_EVENT_REBOOT_AFTER, has that number there).
 */
#pragma once

#include <stdbool.h>

/* Event numbers: three letters, then the event's index in the lowest byte. */
#define MGOS_EVENT_BASE(a, b, c) ((a) << 24 | (b) << 16 | (c) << 8)
#define MGOS_EVENT_SYS MGOS_EVENT_BASE('M', 'O', 'S')

enum mgos_event_sys {
  MGOS_EVENT_INIT_DONE = MGOS_EVENT_SYS,
  MGOS_EVENT_LOG,
  MGOS_EVENT_REBOOT,
  MGOS_EVENT_TIME_CHANGED,
  MGOS_EVENT_CLOUD_CONNECTED,
  MGOS_EVENT_CLOUD_DISCONNECTED,
  MGOS_EVENT_CLOUD_CONNECTING,
  MGOS_EVENT_CLOUD_CONNECTERROR,
  MGOS_EVENT_REBOOT_AFTER,
};

enum mgos_cloud_type {
  MGOS_CLOUD_MQTT,
  MGOS_CLOUD_DASH,
  MGOS_CLOUD_AWS,
  MGOS_CLOUD_AZURE,
  MGOS_CLOUD_GCP,
  MGOS_CLOUD_WATSON,
};

/* What every MGOS_EVENT_CLOUD_* event carries. */
struct mgos_cloud_arg {
  enum mgos_cloud_type type;
};

typedef void (*mgos_event_handler_t)(int ev, void *ev_data, void *userdata);

bool mgos_event_add_handler(int ev, mgos_event_handler_t cb, void *userdata);
