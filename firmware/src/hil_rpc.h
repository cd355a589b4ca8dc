/* The HIL.* RPC methods (harness/contract/hil.ts). */
#pragma once

void hil_rpc_init(void);
