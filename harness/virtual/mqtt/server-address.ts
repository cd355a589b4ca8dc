/**
 * Where the client connects: `host:port` from the config's `server`, with the default
 * port the library adds (1883, or 8883 when ssl_ca_cert is set).
 */
import type { MqttSection } from '../../contract/mqtt-config.ts';

export interface ServerAddress {
  host: string;
  port: number;
  /** As the library prints it: `host:port`. */
  display: string;
}

/** The port the library adds to a server without one: 8883 when ssl_ca_cert is set, else 1883. */
export function defaultPort(section: MqttSection): number {
  return section.ssl_ca_cert !== '' ? 8883 : 1883;
}

/**
 * The address to connect to, or null when `server` is unset (empty). `portFor` decides
 * the default port (a personality's `defaultPort` hook; faithful: `defaultPort`).
 */
export function resolveServer(section: MqttSection, portFor: (section: MqttSection) => number = defaultPort): ServerAddress | null {
  const server = section.server;
  if (server === '') return null;
  const colon = server.lastIndexOf(':');
  if (colon < 0) {
    const port = portFor(section);
    return { host: server, port, display: `${server}:${port}` };
  }
  const port = Number(server.slice(colon + 1));
  return { host: server.slice(0, colon), port: Number.isInteger(port) ? port : 0, display: server };
}
