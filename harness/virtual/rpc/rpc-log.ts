/**
 * What rpc-common's dispatcher logs about requests (mongoose-os-libs/rpc-common 2.20.0,
 * src/mg_rpc.c, read for this; files and line numbers are that release's, a multi-line
 * LOG() reporting its last line):
 *
 * - a request that reaches its handler is logged first, at info level, as
 *   `<method> via <channel type> <channel info>` (+ ` user <name>` when authenticated,
 *   which the virtual board never is): over rpc-uart `Sys.GetInfo via UART UART0`
 *   (mg_rpc_handle_request);
 * - a request with no handler logs `No handler for <method>` at error level instead, and
 *   is answered 404;
 * - a request the prehandler refuses (the 418 shutdown window of mgos_rpc.c) logs nothing;
 * - a frame whose `dst` is not the device logs `Wrong dst: '<dst>'` at error level and is
 *   dropped (mg_rpc_handle_frame).
 *
 * Frames rpc-uart handles itself never get this far and are not logged: the `\x04`
 * handshake, empty frames, frames with a bad CRC. A request without an id is logged like
 * any other: only its reply is left out.
 */
export type RpcLogFn = (file: string, line: number, message: string) => void;

/** The channel a request came in on, as rpc-uart describes itself: type `UART`, info `UART0`. */
export interface RpcChannelInfo {
  type: string;
  info: string;
}

export const UART0_CHANNEL: RpcChannelInfo = { type: 'UART', info: 'UART0' };

const MG_RPC_C = 'mg_rpc.c';

export const rpcLog = {
  arrived: (log: RpcLogFn, method: string, channel: RpcChannelInfo) => log(MG_RPC_C, 314, `${method} via ${channel.type} ${channel.info}`),
  noHandler: (log: RpcLogFn, method: string) => log(MG_RPC_C, 291, `No handler for ${method}`),
  wrongDst: (log: RpcLogFn, dst: string) => log(MG_RPC_C, 423, `Wrong dst: '${dst}'`),
} as const;
