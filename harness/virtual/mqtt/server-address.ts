/**
 * Where the client connects: `host:port` from the config's `server`, with the default
 * port the library adds (1883, or 8883 when ssl_ca_cert is set).
 */
import type { MqttSection } from '../config/schema.ts';

export interface ServerAddress {
  host: string;
  port: number;
  /** As the library prints it: `host:port`. */
  display: string;
}

/** The address to connect to, or null when `server` is unset (empty). */
export function resolveServer(section: MqttSection): ServerAddress | null {
  const server = section.server;
  if (server === '') return null;
  const colon = server.lastIndexOf(':');
  if (colon < 0) {
    const port = section.ssl_ca_cert !== '' ? 8883 : 1883;
    return { host: server, port, display: `${server}:${port}` };
  }
  const port = Number(server.slice(colon + 1));
  return { host: server.slice(0, colon), port: Number.isInteger(port) ? port : 0, display: server };
}

/** Whether connecting with this section would need TLS, which the virtual board does not model. */
export function needsTls(section: MqttSection): boolean {
  return section.ssl_ca_cert !== '' || section.ssl_cert !== '' || section.ssl_psk_identity !== '';
}
