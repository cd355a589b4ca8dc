/*
 * Host check only: the part of the Mongoose OS RPC API (mongoose-os-libs/rpc-common)
 * that the firmware uses. Written from the API's names and signatures; not the real
 * header.
 */
#pragma once

#include <stdbool.h>

#include "common/mg_str.h"

/* Opaque here: the firmware only passes them on. */
struct mg_rpc;
struct mg_rpc_request_info;
struct mg_rpc_frame_info;

typedef void (*mg_handler_cb_t)(struct mg_rpc_request_info *ri, void *cb_arg,
                                struct mg_rpc_frame_info *fi, struct mg_str args);

void mg_rpc_add_handler(struct mg_rpc *c, const char *method, const char *args_fmt,
                        mg_handler_cb_t cb, void *cb_arg);

/* result_json_fmt is a json_printf format. */
bool mg_rpc_send_responsef(struct mg_rpc_request_info *ri, const char *result_json_fmt, ...);

/* error_msg_fmt is a printf format (checked as one here). */
bool mg_rpc_send_errorf(struct mg_rpc_request_info *ri, int error_code, const char *error_msg_fmt,
                        ...) __attribute__((format(printf, 3, 4)));
