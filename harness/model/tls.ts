/**
 * What the library does with TLS, from a config section and what the gate presented:
 * whether the board must accept the server (and send CONNECT) or fail the handshake, and
 * which port it dials. Pure; every rule names its source (sources.ts, `impl.tls.*`,
 * `doc.tls.*`). Written apart from the virtual board's tls-plan.ts on purpose.
 */
import type { MqttSection } from '../contract/mqtt-config.ts';
import type { BoardFileContent, ServerCertificate } from '../contract/tls.ts';
import { REDACTED } from '../secrets.ts';
import type { SourceId } from './sources.ts';

export interface TlsSettings {
  tls: boolean;
  verifiesServer: boolean;
  checksName: boolean;
  sendsClientCert: boolean;
  offersPsk: boolean;
}

export interface PresentedServer {
  certificate: ServerCertificate | 'none';
  clientCert: 'none' | 'required';
  psk: 'none' | 'also' | 'only';
}

export interface HandshakeExpectation {
  accept: boolean;
  why: string;
  source: SourceId[];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function hostOf(server: string): string {
  const colon = server.lastIndexOf(':');
  return colon < 0 ? server : server.slice(0, colon);
}

/**
 * The library takes 32 or 64 hex digits. A check input written to a report has the key
 * masked (secrets.ts): re-judged from the file, a masked key counts as a usable one.
 */
function pskKeyUsable(key: string): boolean {
  return key === REDACTED || /^([0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/.test(key);
}

/** The library's TLS settings for a section (the server name rule needs its host). */
export function tlsSettings(section: MqttSection): TlsSettings {
  const tls = section.ssl_cert !== '' || section.ssl_ca_cert !== '' || section.ssl_psk_identity !== '';
  const verifiesServer = tls && section.ssl_ca_cert !== '' && section.ssl_ca_cert !== '*';
  const host = hostOf(section.server);
  const isDns = !IPV4.test(host) && !host.includes(':') && !host.toLowerCase().startsWith('localhost');
  const suites = section.ssl_cipher_suites.split(':');
  return {
    tls,
    verifiesServer,
    checksName: verifiesServer && isDns,
    sendsClientCert: tls && section.ssl_cert !== '',
    offersPsk: tls && section.ssl_psk_identity !== '' && pskKeyUsable(section.ssl_psk_key) && suites.some((n) => n.includes('-PSK-')),
  };
}

/** Whether a board with `section` completes the handshake with `server` (and then sends CONNECT). */
export function expectHandshake(section: MqttSection, server: PresentedServer): HandshakeExpectation {
  const s = tlsSettings(section);
  if (server.psk === 'only') {
    return s.offersPsk
      ? { accept: true, why: 'the board offers its pre-shared key with a PSK cipher suite', source: ['doc.tls.psk', 'impl.tls.psk'] }
      : { accept: false, why: 'the board offers no usable PSK (identity, a 32/64-hex key and a PSK suite in ssl_cipher_suites)', source: ['impl.tls.psk'] };
  }
  if (s.verifiesServer && (server.certificate === 'unrelated-ca' || server.certificate === 'expired')) {
    return { accept: false, why: `ssl_ca_cert is set, so a server certificate ${server.certificate === 'expired' ? 'out of its validity' : 'from an unrelated CA'} fails verification`, source: ['doc.tls.ca-cert', 'impl.tls.verify'] };
  }
  if (s.checksName && server.certificate === 'wrong-name') {
    return { accept: false, why: 'ssl_ca_cert is set and the server is a DNS name, so a certificate for another name fails', source: ['doc.tls.ca-cert', 'impl.tls.server-name'] };
  }
  if (server.clientCert === 'required' && !s.sendsClientCert) {
    return { accept: false, why: 'the broker requires a client certificate and ssl_cert is not set', source: ['doc.tls.mutual', 'impl.tls.client-cert'] };
  }
  const sources: SourceId[] = ['impl.tls.verify'];
  let why = s.verifiesServer ? 'the server certificate verifies against ssl_ca_cert' : 'nothing is verified without ssl_ca_cert';
  if (s.verifiesServer && server.certificate === 'wrong-name') {
    why = 'the server is an IP address: the library gives mbedTLS no name to check';
    sources.push('impl.tls.server-name');
  }
  if (server.clientCert === 'required') {
    why += '; the board sends its client certificate';
    sources.push('doc.tls.mutual', 'impl.tls.client-cert');
  }
  return { accept: true, why, source: sources };
}

/** host:port the library dials for a server without a port, or null when it has one. */
export function expectedDial(section: MqttSection): string | null {
  if (section.server === '' || section.server.includes(':')) return null;
  return `${section.server}:${section.ssl_ca_cert !== '' ? 8883 : 1883}`;
}

/** Why mg_connect_opt refuses a section before any socket, naming the file; null when its files load. */
export interface SetupError {
  error: 'Invalid SSL cert' | 'Invalid SSL key' | 'Invalid SSL CA cert';
  file: string;
  source: SourceId[];
}

/**
 * The TLS files of a section, as the library loads them (mongoose 6.18 mg_ssl_if_conn_init
 * with mbedTLS: mg_use_cert, then mg_use_ca_cert): the certificate, then the key (from
 * `ssl_key`, or the certificate's file when it is empty), then the CA. `files` is what the
 * harness put on the board by name. `undefined`: a file it names is not one the harness
 * wrote, so what it holds is not known.
 */
export function setupError(section: MqttSection, files: ReadonlyMap<string, BoardFileContent>): SetupError | null | undefined {
  const s = tlsSettings(section);
  if (!s.tls) return null;
  const source: SourceId[] = ['impl.tls.load-files'];
  const holds = (name: string, what: 'certificate' | 'key'): boolean | undefined => {
    const content = files.get(name);
    if (content === undefined) return undefined;
    return content === what || content === 'certificate+key';
  };
  if (s.sendsClientCert) {
    const cert = holds(section.ssl_cert, 'certificate');
    if (cert === undefined) return undefined;
    if (!cert) return { error: 'Invalid SSL cert', file: section.ssl_cert, source };
    const keyFile = section.ssl_key !== '' ? section.ssl_key : section.ssl_cert;
    const key = holds(keyFile, 'key');
    if (key === undefined) return undefined;
    if (!key) return { error: 'Invalid SSL key', file: keyFile, source };
  }
  if (s.verifiesServer) {
    const ca = holds(section.ssl_ca_cert, 'certificate');
    if (ca === undefined) return undefined;
    if (!ca) return { error: 'Invalid SSL CA cert', file: section.ssl_ca_cert, source };
  }
  return null;
}
