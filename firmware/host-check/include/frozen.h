/*
 * Host check only: the part of the frozen JSON API (cesanta/frozen) that the firmware
 * uses. Written from the API's names and signatures; not the real header.
 */
#pragma once

#include <stdarg.h>

/* Opaque here: the firmware only passes it on. */
struct json_out;

/* A %M callback: prints a value to out, may consume further arguments from ap. */
typedef int (*json_printf_callback_t)(struct json_out *out, va_list *ap);

int json_printf(struct json_out *out, const char *fmt, ...);
char *json_vasprintf(const char *fmt, va_list ap);
int json_scanf(const char *str, int str_len, const char *fmt, ...);
