/*
 * Host check only: frozen's printing and scanning entry points that the firmware and
 * stubs.c use (json_printf, json_vprintf, json_vasprintf, json_scanf), written for this
 * check from frozen's documented rules (README "json_printf()", "json_scanf()"); not
 * frozen's code. The printing follows frozen's rules exactly, because the point is to
 * print what a board prints:
 *
 * - `: , [ ] { } "`, space, tab, CR and LF are copied;
 * - a bare identifier (letter or `_`, then letters, digits, `_`) is copied in quotes;
 * - %Q / %.*Q: a JSON string escaped as frozen escapes it (including its two quirks:
 *   byte 0x0B becomes `\v`, which JSON lacks, and other control bytes get `\u00XY`
 *   with X = (b >> 4) % 15, Y = b % 15), or `null` for NULL;
 * - %B true/false from an int, %M a callback, %lld/%llu an int64_t, %zu a size_t,
 *   %H (int, bytes) quoted hex, %V (bytes, int) quoted base64;
 * - any other `%`: the run of `sdfFeEgGlhuIcx.*-0123456789` after it goes to the C
 *   library's printf, and frozen skips one argument chosen by the run's last character.
 *   Where that skip disagrees with what printf read on the 32-bit board (`%e`, `%*d`,
 *   `%llx`), every later argument is misread there, so this check stops with an error
 *   instead of printing something the board would not.
 *
 * json_scanf here reads only flat objects of strings, numbers and booleans, which is
 * what the firmware's HIL.* params are; nested values are skipped.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frozen.h"

/* The header keeps it opaque; only this file looks inside. */
struct json_out {
  char *buf;
  size_t len;
  size_t cap;
};

static void refuse(const char *what, const char *fmt) {
  fprintf(stderr, "host check: json_printf format \"%s\": %s\n", fmt, what);
  exit(3);
}

static int put(struct json_out *out, const char *s, size_t n) {
  if (out->len + n + 1 > out->cap) {
    size_t cap = (out->len + n + 1) * 2;
    char *p = realloc(out->buf, cap);
    if (p == NULL) refuse("out of memory", "");
    out->buf = p;
    out->cap = cap;
  }
  memcpy(out->buf + out->len, s, n);
  out->len += n;
  out->buf[out->len] = '\0';
  return (int) n;
}

static int put_str(struct json_out *out, const char *s) {
  return put(out, s, strlen(s));
}

static const char k_hex[] = "0123456789abcdef";

/* How many bytes a UTF-8 lead byte announces; frozen copies that many unchecked. */
static size_t utf8_len(unsigned char b) {
  if ((b & 0x80) == 0) return 1;
  if ((b & 0xf0) == 0xf0) return 4;
  if ((b & 0xf0) == 0xe0) return 3;
  return 2;
}

static int put_escaped(struct json_out *out, const unsigned char *p, size_t len) {
  int n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char b = p[i];
    if (b == '"' || b == '\\') {
      char e[2] = {'\\', (char) b};
      n += put(out, e, 2);
    } else if (b >= 0x08 && b <= 0x0d) {
      char e[2] = {'\\', "btnvfr"[b - 0x08]};
      n += put(out, e, 2);
    } else if (b >= 0x20 && b <= 0x7e) {
      n += put(out, (const char *) &b, 1);
    } else if (utf8_len(b) == 1) {
      char e[6] = {'\\', 'u', '0', '0', k_hex[(b >> 4) % 15], k_hex[b % 15]};
      n += put(out, e, 6);
    } else {
      size_t cl = utf8_len(b);
      n += put(out, (const char *) p + i, cl);
      i += cl - 1;
    }
  }
  return n;
}

static int put_quoted(struct json_out *out, const char *p, size_t len) {
  return put(out, "\"", 1) + put_escaped(out, (const unsigned char *) p, len) + put(out, "\"", 1);
}

static int put_base64(struct json_out *out, const unsigned char *p, int len) {
  static const char k_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  int n = put(out, "\"", 1);
  for (int i = 0; i < len; i += 3) {
    unsigned v = (unsigned) p[i] << 16;
    if (i + 1 < len) v |= (unsigned) p[i + 1] << 8;
    if (i + 2 < len) v |= p[i + 2];
    char q[4] = {k_b64[(v >> 18) & 63], k_b64[(v >> 12) & 63], k_b64[(v >> 6) & 63], k_b64[v & 63]};
    if (i + 1 >= len) q[2] = '=';
    if (i + 2 >= len) q[3] = '=';
    n += put(out, q, 4);
  }
  return n + put(out, "\"", 1);
}

/* What printf reads for one conversion, in the board's terms (int = long = pointer). */
enum arg_class { ARG_WORD, ARG_DOUBLE, ARG_INT64, ARG_WORD_WORD, ARG_BAD };

struct printf_spec {
  enum arg_class reads;
  char conv;
  bool is_long; /* 'l': read a long on this host (the same size as int on the board) */
};

/* Parses `%[-0]*[width|*][.prec|*][hh|h|ll|l]conv[tail]` for what printf reads. */
static struct printf_spec parse_spec(const char *spec) {
  struct printf_spec r = {ARG_BAD, 0, false};
  const char *s = spec + 1;
  int stars = 0;
  while (*s == '-' || *s == '0') s++;
  if (*s == '*') stars++, s++;
  while (isdigit((unsigned char) *s)) s++;
  if (*s == '.') {
    s++;
    if (*s == '*') stars++, s++;
    while (isdigit((unsigned char) *s)) s++;
  }
  bool ll = false;
  if (s[0] == 'l' && s[1] == 'l') ll = true, s += 2;
  else if (*s == 'l') r.is_long = true, s++;
  else if (s[0] == 'h' && s[1] == 'h') s += 2;
  else if (*s == 'h') s++;
  if (*s == '\0' || strchr("sdfFeEgGucx", *s) == NULL) return r;
  r.conv = *s;
  bool is_float = strchr("fFeEgG", *s) != NULL;
  if (stars == 0) r.reads = is_float ? ARG_DOUBLE : ll ? ARG_INT64 : ARG_WORD;
  else if (stars == 1 && *s == 's') r.reads = ARG_WORD_WORD;
  return r;
}

/* What frozen skips after a run handed to printf: by the run's last character. */
static enum arg_class frozen_skips(const char *spec) {
  if (strcmp(spec, "%.*s") == 0) return ARG_WORD_WORD;
  char last = spec[strlen(spec) - 1];
  return (last == 'f' || last == 'g') ? ARG_DOUBLE : ARG_WORD;
}

static int put_printf(struct json_out *out, const char *spec, va_list *ap, const char *fmt) {
  struct printf_spec ps = parse_spec(spec);
  if (strcmp(spec, "%") == 0) {
    refuse("a lone '%' goes to printf: frozen hands it only the characters sdfFeEgGlhuIcx.*-0-9", fmt);
  }
  if (ps.reads == ARG_BAD) refuse("a conversion this check does not know", fmt);
  if (ps.reads != frozen_skips(spec)) {
    refuse("frozen skips a different argument than printf reads here: later arguments are misread", fmt);
  }
  va_list copy;
  va_copy(copy, *ap);
  int need = vsnprintf(NULL, 0, spec, copy);
  va_end(copy);
  if (need < 0) refuse("printf failed", fmt);
  char *text = malloc((size_t) need + 1);
  if (text == NULL) refuse("out of memory", fmt);
  va_copy(copy, *ap);
  vsnprintf(text, (size_t) need + 1, spec, copy);
  va_end(copy);
  /* Advance by the type printf read (the same size frozen skips on the board). */
  if (ps.reads == ARG_DOUBLE) {
    (void) va_arg(*ap, double);
  } else if (ps.reads == ARG_WORD_WORD) {
    (void) va_arg(*ap, int);
    (void) va_arg(*ap, const char *);
  } else if (ps.conv == 's') {
    (void) va_arg(*ap, const char *);
  } else if (ps.is_long) {
    (void) va_arg(*ap, long);
  } else {
    (void) va_arg(*ap, int);
  }
  int n = put(out, text, (size_t) need);
  free(text);
  return n;
}

static bool is_ident_start(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int json_vprintf(struct json_out *out, const char *fmt, va_list xap) {
  static const char k_printf_chars[] = "sdfFeEgGlhuIcx.*-0123456789";
  const char *f = fmt;
  int n = 0;
  va_list ap;
  va_copy(ap, xap);
  while (*f != '\0') {
    if (strchr(":, \r\n\t[]{}\"", *f) != NULL) {
      n += put(out, f++, 1);
    } else if (is_ident_start(*f)) {
      size_t len = 1;
      while (is_ident_start(f[len]) || (f[len] >= '0' && f[len] <= '9')) len++;
      n += put(out, "\"", 1) + put(out, f, len) + put(out, "\"", 1);
      f += len;
    } else if (*f != '%') {
      n += put(out, f++, 1);
    } else if (strncmp(f, "%lld", 4) == 0 || strncmp(f, "%llu", 4) == 0) {
      char buf[24];
      int64_t v = va_arg(ap, int64_t);
      if (f[3] == 'u') snprintf(buf, sizeof(buf), "%" PRIu64, (uint64_t) v);
      else snprintf(buf, sizeof(buf), "%" PRId64, v);
      n += put_str(out, buf);
      f += 4;
    } else if (strncmp(f, "%zu", 3) == 0) {
      char buf[24];
      snprintf(buf, sizeof(buf), "%lu", (unsigned long) va_arg(ap, size_t));
      n += put_str(out, buf);
      f += 3;
    } else if (f[1] == 'M') {
      json_printf_callback_t cb = va_arg(ap, json_printf_callback_t);
      n += cb(out, &ap);
      f += 2;
    } else if (f[1] == 'B') {
      n += put_str(out, va_arg(ap, int) ? "true" : "false");
      f += 2;
    } else if (f[1] == 'H') {
      int len = va_arg(ap, int);
      const unsigned char *p = va_arg(ap, const unsigned char *);
      n += put(out, "\"", 1);
      for (int i = 0; i < len; i++) {
        char h[2] = {k_hex[p[i] >> 4], k_hex[p[i] & 15]};
        n += put(out, h, 2);
      }
      n += put(out, "\"", 1);
      f += 2;
    } else if (f[1] == 'V') {
      const unsigned char *p = va_arg(ap, const unsigned char *);
      int len = va_arg(ap, int);
      n += put_base64(out, p, len);
      f += 2;
    } else if (f[1] == 'Q' || strncmp(f, "%.*Q", 4) == 0) {
      bool with_len = f[1] == '.';
      size_t len = with_len ? (size_t) va_arg(ap, int) : 0;
      const char *p = va_arg(ap, const char *);
      if (p == NULL) n += put_str(out, "null");
      else n += put_quoted(out, p, with_len ? len : strlen(p));
      f += with_len ? 4 : 2;
    } else {
      size_t run = strspn(f + 1, k_printf_chars);
      char spec[24];
      if (run + 2 > sizeof(spec)) refuse("a printf conversion too long for frozen's buffer", fmt);
      memcpy(spec, f, run + 1);
      spec[run + 1] = '\0';
      n += put_printf(out, spec, &ap, fmt);
      f += run + 1;
    }
  }
  va_end(ap);
  return n;
}

int json_printf(struct json_out *out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = json_vprintf(out, fmt, ap);
  va_end(ap);
  return n;
}

char *json_vasprintf(const char *fmt, va_list ap) {
  struct json_out out = {NULL, 0, 0};
  json_vprintf(&out, fmt, ap);
  return out.buf != NULL ? out.buf : calloc(1, 1);
}

/* ---- json_scanf: flat objects only ---- */

static const char *skip_ws(const char *s, const char *end) {
  while (s < end && isspace((unsigned char) *s)) s++;
  return s;
}

/* End of the JSON value at s (string, number, literal; a nested value is skipped). */
static const char *value_end(const char *s, const char *end) {
  if (s < end && *s == '"') {
    for (s++; s < end && *s != '"'; s++) {
      if (*s == '\\') s++;
    }
    return s < end ? s + 1 : end;
  }
  int depth = 0;
  for (; s < end; s++) {
    if (*s == '{' || *s == '[') depth++;
    else if ((*s == '}' || *s == ']') && depth-- == 0) return s;
    else if (*s == ',' && depth == 0) return s;
    else if (*s == '"') s = value_end(s, end) - 1;
  }
  return end;
}

/* The raw value of `key` in the flat object str[0..len), or NULL. */
static const char *find_value(const char *str, int len, const char *key, size_t key_len,
                              const char **vend) {
  const char *s = skip_ws(str, str + len), *end = str + len;
  if (s >= end || *s != '{') return NULL;
  s++;
  while (true) {
    s = skip_ws(s, end);
    if (s >= end || *s != '"') return NULL;
    const char *k = s + 1, *kend = value_end(s, end) - 1;
    s = skip_ws(kend + 1, end);
    if (s >= end || *s != ':') return NULL;
    const char *v = skip_ws(s + 1, end);
    const char *e = value_end(v, end);
    if ((size_t) (kend - k) == key_len && memcmp(k, key, key_len) == 0) {
      *vend = e;
      return v;
    }
    s = skip_ws(e, end);
    if (s >= end || *s != ',') return NULL;
    s++;
  }
}

static char *unescape(const char *v, const char *vend) {
  char *r = malloc((size_t) (vend - v) + 1), *w = r;
  if (r == NULL) return NULL;
  for (const char *s = v + 1; s < vend - 1; s++) {
    if (*s != '\\') {
      *w++ = *s;
      continue;
    }
    s++;
    const char *from = "bfnrt\"\\/", *to = "\b\f\n\r\t\"\\/";
    const char *at = strchr(from, *s);
    if (at != NULL && *s != '\0') {
      *w++ = to[at - from];
    } else if (*s == 'u' && vend - s > 4) {
      unsigned code = (unsigned) strtoul((char[5]) {s[1], s[2], s[3], s[4], 0}, NULL, 16);
      *w++ = code < 0x80 ? (char) code : '?'; /* the firmware's params are ASCII */
      s += 4;
    }
  }
  *w = '\0';
  return r;
}

int json_scanf(const char *str, int str_len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int converted = 0;
  for (const char *f = fmt; *f != '\0';) {
    if (!is_ident_start(*f)) {
      f++;
      continue;
    }
    const char *key = f;
    while (is_ident_start(*f) || (*f >= '0' && *f <= '9')) f++;
    size_t key_len = (size_t) (f - key);
    while (*f == ' ' || *f == ':') f++;
    if (f[0] != '%') continue;
    char conv = f[1];
    f += 2;
    const char *vend = NULL;
    const char *v = find_value(str, str_len, key, key_len, &vend);
    if (conv == 'Q') {
      char **dst = va_arg(ap, char **);
      if (v != NULL && *v == '"' && (*dst = unescape(v, vend)) != NULL) converted++;
    } else if (conv == 'd') {
      int *dst = va_arg(ap, int *);
      if (v != NULL && (*v == '-' || isdigit((unsigned char) *v))) *dst = (int) strtol(v, NULL, 10), converted++;
    } else if (conv == 'B') {
      /* frozen's README: %B writes a char when sizeof(bool) == sizeof(char), as here */
      char *dst = va_arg(ap, char *);
      if (v != NULL && (strncmp(v, "true", 4) == 0 || strncmp(v, "false", 5) == 0)) {
        *dst = *v == 't';
        converted++;
      }
    } else {
      fprintf(stderr, "host check: json_scanf %%%c is not implemented here\n", conv);
      exit(3);
    }
  }
  va_end(ap);
  return converted;
}
