/**
 * rpc-common logs every request that reaches a handler, at info level, before the handler
 * runs: `<method> via <channel type> <channel info>`, plus ` user <name>` when the caller
 * authenticated (mg_rpc.c, mg_rpc_handle_request, in mongoose-os-libs/rpc-common 2.20.0).
 * Over the UART that is `Sys.GetInfo via UART UART0`; over HTTP the info is the peer
 * (`BH1750.SetConfig via HTTP 192.168.11.45:52104`, mongoose-os-apps/example-bh1750's
 * README). A request with no handler logs `No handler for <method>` instead, and one the
 * prehandler refuses (the 418 shutdown window, an ACL) logs nothing.
 *
 * It is evidence that a request arrived, nothing more: it is a log line like any other.
 */
export interface RpcArrival {
  method: string;
  /** The channel's type: `UART`, `HTTP`, `WS`, `MQTT`… */
  channel: string;
  /** The channel's own description: `UART0` for rpc-uart, the peer address for HTTP. */
  info: string;
  /** Present when the request was authenticated. */
  user?: string;
}

// A method is a dotted name; a channel type is an upper-case word. Plain English with
// "via" in it ("Factory reset requested via GPIO5") does not fit that shape.
const ARRIVAL = /^([A-Za-z_][\w.]*) via ([A-Z][A-Z0-9_]*)(?: (.*?))?(?: user (\S.*))?$/;

export function parseRpcArrival(message: string): RpcArrival | undefined {
  const m = ARRIVAL.exec(message);
  if (!m) return undefined;
  const arrival: RpcArrival = { method: m[1]!, channel: m[2]!, info: m[3] ?? '' };
  if (m[4] !== undefined) arrival.user = m[4];
  return arrival;
}
