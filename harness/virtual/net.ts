/**
 * The virtual board's network: the host's loopback, and nothing else. A Mongoose OS
 * default such as `iot.eclipse.org:1883` must never make the harness reach outside the
 * machine, so a host that is not a loopback address fails like a failed DNS lookup.
 * Names under `.localhost` resolve to 127.0.0.1 (RFC 6761 §6.3): a DNS name a scenario
 * can give the board, so that the library checks the server's name (it does so only for
 * names it resolves, not for IP addresses).
 */
import net from 'node:net';
import tls from 'node:tls';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1';
}

function loopbackAddress(host: string): string {
  return host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : host;
}

export function loopbackOnlyConnect(host: string, port: number): net.Socket {
  if (isLoopbackHost(host)) return net.connect({ host: loopbackAddress(host), port });
  const socket = new net.Socket();
  queueMicrotask(() => {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (the virtual board reaches loopback addresses only)`), {
      code: 'ENOTFOUND',
      errno: -3008,
    });
    socket.destroy(err);
  });
  return socket;
}

/** TLS over a loopback-only TCP connection; `options` are the client's (server name, CA, …). */
export function loopbackOnlyTls(host: string, port: number, options: tls.ConnectionOptions): { tls: tls.TLSSocket; tcp: net.Socket } {
  const tcp = loopbackOnlyConnect(host, port);
  return { tls: tls.connect({ ...options, socket: tcp }), tcp };
}
