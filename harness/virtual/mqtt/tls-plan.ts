/**
 * How the library sets up TLS for an attempt, from the `mqtt` section and the board's
 * files, as Mongoose 6.x `mg_connect_opt` and mongoose-os-libs/mbedtls
 * `mg_ssl_if_conn_init` do it (harness/model/sources.ts, `impl.tls.*`):
 *
 * - TLS at all only when ssl_cert, ssl_ca_cert or ssl_psk_identity is set;
 * - the client certificate when ssl_cert is set (the key is ssl_key, else the cert file);
 * - the server is verified only when ssl_ca_cert names a CA file ("*" means no check),
 *   and its name only when the server's host is a DNS name (an IP address sets no
 *   server name, so mbedTLS checks none);
 * - PSK when ssl_psk_identity is set, with a key of 32 or 64 hex digits; the default
 *   cipher list has no PSK suite, so PSK needs ssl_cipher_suites naming one;
 * - TLS 1.2 only (mbedTLS 2.16: "TLS 1.2 and up", and no 1.3).
 *
 * A file that is missing or does not parse fails the attempt before any TCP connection,
 * with the library's error string. The decisions a personality may change go through
 * its `tlsClient` hook.
 */
import { isIP } from 'node:net';
import type tls from 'node:tls';
import type { MqttSection } from '../config/schema.ts';
import type { BoundHooks } from '../personalities/booted.ts';

/** The TLS decisions of one attempt (what a personality may bend). */
export interface TlsClientPlan {
  verifyServer: boolean;
  checkName: boolean;
  sendClientCert: boolean;
  offerPsk: boolean;
}

export type TlsSetup =
  | { kind: 'plain' }
  | { kind: 'invalid'; error: string }
  | { kind: 'tls'; plan: TlsClientPlan; options: tls.ConnectionOptions };

export interface BoardFiles {
  read(name: string): Buffer | undefined;
}

/** mbedTLS suite names (as ssl_cipher_suites takes them) → OpenSSL's. Unknown names are skipped, as mbedTLS skips them. */
const SUITES: Record<string, string> = {
  'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256': 'ECDHE-ECDSA-AES128-GCM-SHA256',
  'TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256': 'ECDHE-ECDSA-AES128-SHA256',
  'TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256': 'ECDHE-RSA-AES128-GCM-SHA256',
  'TLS-ECDHE-RSA-WITH-AES-128-CBC-SHA256': 'ECDHE-RSA-AES128-SHA256',
  'TLS-DHE-RSA-WITH-AES-128-GCM-SHA256': 'DHE-RSA-AES128-GCM-SHA256',
  'TLS-DHE-RSA-WITH-AES-128-CBC-SHA256': 'DHE-RSA-AES128-SHA256',
  'TLS-RSA-WITH-AES-128-GCM-SHA256': 'AES128-GCM-SHA256',
  'TLS-RSA-WITH-AES-128-CBC-SHA256': 'AES128-SHA256',
  'TLS-RSA-WITH-AES-128-CBC-SHA': 'AES128-SHA',
  'TLS-PSK-WITH-AES-128-GCM-SHA256': 'PSK-AES128-GCM-SHA256',
  'TLS-PSK-WITH-AES-128-CBC-SHA256': 'PSK-AES128-CBC-SHA256',
  'TLS-ECDHE-PSK-WITH-AES-128-CBC-SHA256': 'ECDHE-PSK-AES128-CBC-SHA256',
};

/** mg_s_cipher_list on ESP32, less the static-ECDH suites OpenSSL does not have: no PSK suite. */
const DEFAULT_SUITES = [
  'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256',
  'TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-RSA-WITH-AES-128-CBC-SHA256',
  'TLS-DHE-RSA-WITH-AES-128-GCM-SHA256', 'TLS-DHE-RSA-WITH-AES-128-CBC-SHA256',
  'TLS-RSA-WITH-AES-128-GCM-SHA256', 'TLS-RSA-WITH-AES-128-CBC-SHA256', 'TLS-RSA-WITH-AES-128-CBC-SHA',
];

/** Whether the library would resolve `host` by DNS (and so give mbedTLS a server name). */
export function isDnsName(host: string): boolean {
  // Mongoose's mg_parse_address: an IPv4 literal needs no lookup, and a host beginning
  // with "localhost" is looked up in the hosts file, not DNS.
  return isIP(host) === 0 && !host.toLowerCase().startsWith('localhost');
}

export function tlsSetup(section: MqttSection, host: string, files: BoardFiles, personality: BoundHooks): TlsSetup {
  if (section.ssl_cert === '' && section.ssl_ca_cert === '' && section.ssl_psk_identity === '') return { kind: 'plain' };
  const verifies = section.ssl_ca_cert !== '' && section.ssl_ca_cert !== '*';
  const faithful: TlsClientPlan = {
    verifyServer: verifies,
    checkName: verifies && isDnsName(host),
    sendClientCert: section.ssl_cert !== '',
    offerPsk: section.ssl_psk_identity !== '' || section.ssl_psk_key !== '',
  };
  const plan = personality.tlsClient?.({ server: section.server }, faithful) ?? faithful;
  const options: tls.ConnectionOptions = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' };
  // A file that does not parse fails the connect (faithful); a personality may skip the setting instead.
  const failsOn = (setting: 'ssl_cert' | 'ssl_key' | 'ssl_ca_cert', file: string) => (personality.badTlsFile?.({ setting, file }, 'fail') ?? 'fail') === 'fail';
  let verifyServer = plan.verifyServer;
  if (plan.sendClientCert) {
    const cert = files.read(section.ssl_cert);
    const keyFile = section.ssl_key !== '' ? section.ssl_key : section.ssl_cert;
    const key = files.read(keyFile);
    if (!cert?.includes('-----BEGIN CERTIFICATE-----')) {
      if (failsOn('ssl_cert', section.ssl_cert)) return { kind: 'invalid', error: 'Invalid SSL cert' };
    } else if (!key || !/-----BEGIN (EC |RSA )?PRIVATE KEY-----/.test(key.toString('latin1'))) {
      if (failsOn('ssl_key', keyFile)) return { kind: 'invalid', error: 'Invalid SSL key' };
    } else {
      options.cert = cert;
      options.key = key;
    }
  }
  if (verifies) {
    const ca = files.read(section.ssl_ca_cert);
    if (!ca?.includes('-----BEGIN CERTIFICATE-----')) {
      if (failsOn('ssl_ca_cert', section.ssl_ca_cert)) return { kind: 'invalid', error: 'Invalid SSL CA cert' };
      verifyServer = false;
    } else if (plan.verifyServer) options.ca = ca;
  }
  options.rejectUnauthorized = verifyServer;
  // With a server name mbedTLS checks it against the certificate; without, it checks none.
  if (plan.checkName) options.servername = host;
  else options.checkServerIdentity = () => undefined;
  const named = section.ssl_cipher_suites === '' ? DEFAULT_SUITES : section.ssl_cipher_suites.split(':');
  const suites = named.flatMap((n) => (SUITES[n] ? [SUITES[n]] : []));
  if (suites.length === 0) return { kind: 'invalid', error: 'Invalid cipher suite list' };
  options.ciphers = suites.join(':');
  if (plan.offerPsk) {
    const identity = section.ssl_psk_identity;
    const key = section.ssl_psk_key;
    if (identity === '' || key === '' || !(key.length === 32 || key.length === 64) || !/^[0-9a-fA-F]+$/.test(key)) {
      return { kind: 'invalid', error: 'Invalid PSK settings' };
    }
    options.pskCallback = () => ({ identity, psk: Buffer.from(key, 'hex') });
  }
  return { kind: 'tls', plan, options };
}
