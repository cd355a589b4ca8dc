/**
 * TLS for scenarios: fixtures on top of harness/runner/fixtures.ts. Worker-scoped: the
 * per-run test PKI (or the lab's files, lab config `tls.certificates`) and a TLS listener
 * in front of each broker's fault gate (so every fault acts on TLS too). Test-scoped:
 * `tls`, a TlsScenario, which puts the board's certificate files on it (FS.Put in
 * chunks, as `mos put` does), says which server the gates present, and builds the ssl_*
 * settings. Keys stay in memory and on the board's file system; nothing here writes one
 * to a report.
 */
import fs from 'node:fs';
import { isIP } from 'node:net';
import type { Broker } from '../brokers/broker.ts';
import type { TlsListener, TlsServerIdentity } from '../brokers/tls-listener.ts';
import type { MqttSection } from '../contract/mqtt-config.ts';
import type { BoardFileContent, ServerCertificate } from '../contract/tls.ts';
import type { LabTls } from '../lab/schema.ts';
import type { BrokerName } from '../timeline/events.ts';
import { type Credential, createTestPki, type PskCredential, type TestPki } from '../tls/pki.ts';
import { test as base } from './fixtures.ts';
import type { Scenario } from './scenario.ts';
import { runSettings } from './settings.ts';

/** The DNS name virtual boards reach the brokers by (net.ts resolves *.localhost to loopback). */
export const VIRTUAL_SERVER_NAME = 'broker.localhost';

/** File names on the board. */
/** `combined`: the certificate and its key in one PEM, for `ssl_cert` with `ssl_key` left empty. */
export const BOARD_FILES = { ca: 'ca.pem', cert: 'client.crt', key: 'client.key', combined: 'client.pem' } as const;

/** rpc-service-fs takes base64 in `data`; this many bytes per FS.Put keep a frame well under rpc's 4096-byte limit. */
const PUT_CHUNK_BYTES = 768;

/** What the boards trust and present, whichever source it comes from. */
export interface TlsMaterial {
  pki: TestPki;
  caPem: string;
  server: Credential;
  client: Credential;
  /** The name boards dial the TLS ports by. */
  serverHost: string;
  /** An IP address of this host the boards can dial instead (none when the lab names itself only by DNS). */
  serverIp: string | undefined;
}

export interface PresentOptions {
  clientCert?: 'none' | 'required';
  /** `only`: a PSK-only broker (no certificate suites). */
  psk?: 'none' | 'only';
}

export class TlsScenario {
  constructor(
    readonly scenario: Scenario,
    readonly material: TlsMaterial,
    readonly listeners: Record<BrokerName, TlsListener>,
    readonly boardName: string,
  ) {}

  /** What the gate of `broker` presents from now on (connections already open keep theirs). */
  present(broker: BrokerName, certificate: ServerCertificate, options: PresentOptions = {}): void {
    const { pki, server, caPem } = this.material;
    const cred = { trusted: server, 'unrelated-ca': pki.otherCaServer, expired: pki.expiredServer, 'wrong-name': pki.wrongNameServer }[certificate];
    const identity: TlsServerIdentity = { label: certificate, certPem: cred.certPem, keyPem: cred.keyPem, clientCert: options.clientCert ?? 'none' };
    if (identity.clientCert === 'required') identity.clientCaPem = caPem;
    if (options.psk === 'only') Object.assign(identity, { psk: this.psk, pskOnly: true });
    this.listeners[broker].setIdentity(identity);
    this.scenario.note('tls server', { broker, certificate: options.psk === 'only' ? 'none' : certificate, clientCert: identity.clientCert, psk: options.psk ?? 'none' });
  }

  /** host:port of the TLS port of `broker`, by the name the boards use. */
  server(broker: BrokerName): string {
    return `${this.material.serverHost}:${this.listeners[broker].port}`;
  }

  /** host:port of the TLS port of `broker` by IP address (mongoose then gives mbedTLS no server name); undefined if the lab has no address. */
  serverByIp(broker: BrokerName): string | undefined {
    return this.material.serverIp === undefined ? undefined : `${this.material.serverIp}:${this.listeners[broker].port}`;
  }

  get psk(): PskCredential {
    return this.material.pki.psk(this.boardName);
  }

  /** Puts the CA, the client certificate and its key on the board (before setup: files are in flash). */
  async putBoardFiles(): Promise<void> {
    await this.putFile(BOARD_FILES.ca, this.material.caPem, 'certificate');
    await this.putFile(BOARD_FILES.cert, this.material.client.certPem, 'certificate');
    await this.putFile(BOARD_FILES.key, this.material.client.keyPem, 'key');
    await this.putFile(BOARD_FILES.combined, `${this.material.client.certPem.trimEnd()}\n${this.material.client.keyPem}`, 'certificate+key');
  }

  /** A file that is neither a certificate nor a key (a truncated download, a wrong file copied), put under `name`. */
  async putBrokenFile(name: string): Promise<void> {
    await this.putFile(name, 'this is not a PEM file: the download was cut short\n', 'garbage');
  }

  /**
   * FS.Put in chunks (the first one creates the file, the others append), as `mos put` does,
   * then recorded as a `board-file` action saying what the file holds.
   */
  async putFile(name: string, text: string, content: BoardFileContent): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off === 0 || off < bytes.length; off += PUT_CHUNK_BYTES) {
      const data = bytes.subarray(off, off + PUT_CHUNK_BYTES).toString('base64');
      await this.scenario.board.rpc.call('FS.Put', { filename: name, data, append: off > 0 });
    }
    this.scenario.record({ kind: 'board-file', name, content });
  }

  /**
   * ssl_* settings: verify the server with the CA, send the client certificate (`combined`:
   * certificate and key in one file, `ssl_key` empty, which mongoose's mg_use_cert then
   * reads the key from), use the PSK.
   */
  settings(use: { ca?: boolean; clientCert?: boolean | 'combined'; psk?: boolean }): Partial<MqttSection> {
    const out: Partial<MqttSection> = {};
    if (use.ca) out.ssl_ca_cert = BOARD_FILES.ca;
    if (use.clientCert === 'combined') Object.assign(out, { ssl_cert: BOARD_FILES.combined, ssl_key: '' });
    else if (use.clientCert) Object.assign(out, { ssl_cert: BOARD_FILES.cert, ssl_key: BOARD_FILES.key });
    if (use.psk) Object.assign(out, { ssl_psk_identity: this.psk.identity, ssl_psk_key: this.psk.keyHex, ssl_cipher_suites: 'TLS-PSK-WITH-AES-128-GCM-SHA256' });
    return out;
  }
}

function readPem(path: string, what: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`lab config tls.certificates.${what}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The material for one board: the lab's files where it gives them, the per-run PKI otherwise. */
export async function tlsMaterial(lab: LabTls, board: { name: string; kind: 'virtual' | 'physical' }, labHost: string): Promise<TlsMaterial> {
  const serverHost = board.kind === 'virtual' ? VIRTUAL_SERVER_NAME : (lab.serverName ?? labHost);
  const serverIp = board.kind === 'virtual' ? '127.0.0.1' : isIP(labHost) !== 0 ? labHost : undefined;
  const pki = await createTestPki({ serverNames: [...new Set([serverHost, labHost, '127.0.0.1'])], boards: [board.name] });
  if (lab.certificates === 'pki') return { pki, caPem: pki.ca.certPem, server: pki.server, client: pki.client(board.name), serverHost, serverIp };
  const files = lab.certificates;
  const client = files.clients[board.name];
  if (!client) throw new Error(`lab config tls.certificates.clients has no entry for board "${board.name}"`);
  const cred = (cert: string, key: string, what: string): Credential => ({ certPem: readPem(cert, `${what}.cert`), keyPem: readPem(key, `${what}.key`), subject: what, notAfter: new Date(0) });
  return { pki, caPem: readPem(files.ca, 'ca'), server: cred(files.serverCert, files.serverKey, 'server'), client: cred(client.cert, client.key, `clients.${board.name}`), serverHost, serverIp };
}

async function addTls(broker: Broker, material: TlsMaterial): Promise<TlsListener> {
  return broker.tls ?? (await broker.addTlsListener({ label: 'trusted', certPem: material.server.certPem, keyPem: material.server.keyPem, clientCert: 'none' }));
}

export const test = base.extend<{ tls: TlsScenario }, { tlsMaterial: TlsMaterial; tlsListeners: Record<BrokerName, TlsListener> }>({
  tlsMaterial: [async ({ boardSpec, labHost }, use) => use(await tlsMaterial(runSettings().lab.tls, boardSpec, labHost)), { scope: 'worker' }],
  tlsListeners: [
    async ({ brokers, tlsMaterial }, use) => use({ primary: await addTls(brokers.primary, tlsMaterial), backup: await addTls(brokers.backup, tlsMaterial) }),
    { scope: 'worker' },
  ],
  tls: async ({ scenario, tlsMaterial, tlsListeners, boardSpec }, use) => {
    await use(new TlsScenario(scenario, tlsMaterial, tlsListeners, boardSpec.name));
  },
});

export { expect } from './fixtures.ts';
