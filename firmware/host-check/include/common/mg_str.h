/*
 * Host check only: the part of Mongoose OS's string-slice API the firmware uses,
 * declared from the API's documented names and signatures. Not the real header.
 */
#pragma once

#include <stddef.h>

struct mg_str {
  const char *p;
  size_t len;
};

struct mg_str mg_mk_str(const char *s);
