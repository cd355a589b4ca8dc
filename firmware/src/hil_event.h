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
 * arguments, then a newline. `json_fmt` follows frozen's rules, not printf's: keys are
 * bare identifiers, which frozen quotes, and every string value, constants included,
 * goes through %Q (a quote written in the format would be doubled: `""ev""`). Every
 * format starts `{ev: %Q, ` with the event name as its first argument; a test reads
 * these calls and checks them against harness/contract/hil.ts.
 */
void hil_event(const char *json_fmt, ...);
