/*
 * The `HIL {json}` event lines: one line per event, starting at column 0, so the
 * harness can tell them from the library's `file.c:NNN  …` log lines.
 */
#pragma once

#include <stdint.h>

/* Device uptime in ms: the `t` of every event line. */
int64_t hil_uptime_ms(void);

/*
 * Prints `HIL ` and the JSON that frozen's json_printf makes of `json_fmt` and the
 * arguments, then a newline. Every format names its event as `\"ev\":\"<name>\"`; a
 * test reads these formats and checks them against harness/contract/hil.ts.
 */
void hil_event(const char *json_fmt, ...);
