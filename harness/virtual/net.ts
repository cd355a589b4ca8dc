/**
 * The virtual board's network: the host's loopback, and nothing else. A Mongoose OS
 * default such as `iot.eclipse.org:1883` must never make the harness reach outside the
 * machine, so a host that is not a loopback address fails like a failed DNS lookup.
 */
import net from 'node:net';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1';
}

export function loopbackOnlyConnect(host: string, port: number): net.Socket {
  if (isLoopbackHost(host)) return net.connect({ host: host === 'localhost' ? '127.0.0.1' : host, port });
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
