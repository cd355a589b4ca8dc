/**
 * The per-run test PKI: made fresh for every run, in memory, with @peculiar/x509 on
 * Node's WebCrypto. ECDSA P-256 throughout: the library's default cipher list (mbedTLS,
 * mongoose-os-libs/mbedtls src/mgos_ssl_if_mbedtls.c) starts with ECDHE-ECDSA suites, so a
 * board can use these certificates as they are.
 *
 * What it holds: a CA; a server certificate whose subject alternative names cover every
 * address the boards use; an expired server certificate and one for another name (both
 * from the CA); a second, unrelated CA with a server and a client certificate of its own
 * (negative tests); one client certificate per board; a pre-shared key. Private keys live
 * only in these objects and in the files put on a board: `describe()` is what may be
 * written to a report.
 */
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A certificate and its private key, as PEM. */
export interface Credential {
  certPem: string;
  keyPem: string;
  subject: string;
  notAfter: Date;
}

export interface PskCredential {
  identity: string;
  /** The key as ssl_psk_key wants it: hex, 32 characters (16 bytes). */
  keyHex: string;
}

export interface TestPki {
  ca: { certPem: string; subject: string };
  otherCa: { certPem: string; subject: string };
  /** Issued by `ca`, for every name in `serverNames`. */
  server: Credential;
  /** Issued by `ca`, the right names, but its validity ended yesterday. */
  expiredServer: Credential;
  /** Issued by `ca`, valid, but only for a name no board uses. */
  wrongNameServer: Credential;
  /** Issued by the unrelated CA, for the right names. */
  otherCaServer: Credential;
  /** A client certificate from the unrelated CA (a broker must refuse it). */
  otherCaClient: Credential;
  serverNames: readonly string[];
  /** The client certificate of a board (made for every board named at creation). */
  client(board: string): Credential;
  psk(board: string): PskCredential;
  /** Subjects, names and dates; never a key. */
  describe(): Record<string, unknown>;
}

export interface PkiOptions {
  /** Addresses the boards reach the brokers by: IP addresses and DNS names. */
  serverNames: readonly string[];
  /** Board names, each given a client certificate and a PSK. */
  boards: readonly string[];
  now?: Date;
}

/** A name that is in no lab: the SAN of `wrongNameServer`. */
export const WRONG_SERVER_NAME = 'not-the-broker.invalid';

interface Authority {
  keys: CryptoKeyPair;
  cert: x509.X509Certificate;
}

let serial = 1;
function nextSerial(): string {
  // Unique within a run; a positive DER integer.
  return (0x10 + serial++).toString(16).padStart(4, '0');
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function authority(cn: string, now: Date): Promise<Authority> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${cn}, O=mgos-hil test PKI`,
    notBefore: new Date(now.getTime() - HOUR_MS),
    notAfter: new Date(now.getTime() + 30 * DAY_MS),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { keys, cert };
}

function sans(names: readonly string[]): x509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension(names.map((n) => (isIP(n) ? { type: 'ip', value: n } : { type: 'dns', value: n })));
}

async function issue(
  ca: Authority,
  cn: string,
  usage: 'server' | 'client',
  validity: { notBefore: Date; notAfter: Date },
  names: readonly string[] = [],
): Promise<Credential> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${cn}, O=mgos-hil test PKI`,
    issuer: ca.cert.subject,
    ...validity,
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
      ...(names.length > 0 ? [sans(names)] : []),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey), subject: cert.subject, notAfter: cert.notAfter };
}

export async function createTestPki(options: PkiOptions): Promise<TestPki> {
  const now = options.now ?? new Date();
  const valid = { notBefore: new Date(now.getTime() - HOUR_MS), notAfter: new Date(now.getTime() + 7 * DAY_MS) };
  const expired = { notBefore: new Date(now.getTime() - 30 * DAY_MS), notAfter: new Date(now.getTime() - DAY_MS) };
  const names = [...new Set(options.serverNames)];
  if (names.length === 0) throw new Error('createTestPki: give at least one server name (the address the boards use)');
  const ca = await authority('mgos-hil test CA', now);
  const other = await authority('unrelated CA', now);
  const server = await issue(ca, 'mgos-hil broker', 'server', valid, names);
  const expiredServer = await issue(ca, 'mgos-hil broker (expired)', 'server', expired, names);
  const wrongNameServer = await issue(ca, WRONG_SERVER_NAME, 'server', valid, [WRONG_SERVER_NAME]);
  const otherCaServer = await issue(other, 'mgos-hil broker (unrelated CA)', 'server', valid, names);
  const otherCaClient = await issue(other, 'device of another CA', 'client', valid);
  const clients = new Map<string, Credential>();
  const psks = new Map<string, PskCredential>();
  for (const board of new Set(options.boards)) {
    clients.set(board, await issue(ca, board, 'client', valid));
    psks.set(board, { identity: `hil-${board}`, keyHex: randomBytes(16).toString('hex') });
  }
  const caPublic = { certPem: ca.cert.toString('pem'), subject: ca.cert.subject };
  const otherPublic = { certPem: other.cert.toString('pem'), subject: other.cert.subject };
  const known = (what: string, board: string) => new Error(`the test PKI has no ${what} for board "${board}"; it was made for: ${[...clients.keys()].join(', ') || 'no board'}`);
  const publicOf = (c: Credential) => ({ subject: c.subject, notAfter: c.notAfter.toISOString() });
  return {
    ca: caPublic,
    otherCa: otherPublic,
    server,
    expiredServer,
    wrongNameServer,
    otherCaServer,
    otherCaClient,
    serverNames: names,
    client(board) {
      const c = clients.get(board);
      if (!c) throw known('client certificate', board);
      return c;
    },
    psk(board) {
      const p = psks.get(board);
      if (!p) throw known('pre-shared key', board);
      return p;
    },
    describe() {
      return {
        ca: caPublic.subject,
        otherCa: otherPublic.subject,
        serverNames: names,
        server: publicOf(server),
        expiredServer: publicOf(expiredServer),
        wrongNameServer: publicOf(wrongNameServer),
        otherCaServer: publicOf(otherCaServer),
        clients: Object.fromEntries([...clients].map(([b, c]) => [b, publicOf(c)])),
        pskIdentities: Object.fromEntries([...psks].map(([b, p]) => [b, p.identity])),
      };
    },
  };
}
