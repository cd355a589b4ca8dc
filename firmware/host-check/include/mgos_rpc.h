/*
 * Host check only: the Mongoose OS global RPC instance (mongoose-os-libs/rpc-common).
 * Written from the API's names and signatures; not the real header.
 */
#pragma once

#include "frozen.h"
#include "mg_rpc.h"

struct mg_rpc *mgos_rpc_get_global(void);
