#include "hil_event.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "frozen.h"
#include "mgos.h"

int64_t hil_uptime_ms(void) {
  return mgos_uptime_micros() / 1000;
}

void hil_event(const char *json_fmt, ...) {
  va_list ap;
  va_start(ap, json_fmt);
  char *json = json_vasprintf(json_fmt, ap);
  va_end(ap);
  if (json == NULL) return; /* out of memory: losing a line beats a half line */
  /* printf, not LOG: LOG would put `file.c:NNN` in front of the line. */
  printf("HIL %s\n", json);
  fflush(stdout);
  free(json);
}
