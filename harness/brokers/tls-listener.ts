/**
 * A TLS listening socket for the gate. It accepts TCP like TcpListener and hands the gate
 * the raw socket, so faults that act on the accept (`refuse-rst`, and `closed`, which
 * stops listening) come before any handshake. The gate then asks `secure()` to run the
 * server side of the handshake on that socket and gets the decrypted stream: MQTT faults
 * (`drop`, `delay`, …) act inside the TLS session.
 *
 * What the server is (certificate, whether it asks for a client certificate, a PSK) is
 * an identity that can be changed between scenarios; a connection keeps the identity it
 * was accepted with. Like mbedTLS 2.16 on the board (mongoose-os-libs/mbedtls), the
 * server speaks TLS 1.2 only.
 */
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { type ListenerUpgrade, TcpListener, type UpgradeOutcome } from './tcp-listener.ts';
import { closedDuringHandshake, describeHandshakeError, type HandshakeOutcome, type PresentedServer } from './tls-outcome.ts';

export interface TlsServerIdentity {
  /** What the certificate is, for the timeline (`trusted`, `expired`, … : harness/contract/tls.ts). */
  label?: string;
  certPem: string;
  keyPem: string;
  /**
   * `none`: no client certificate asked for; `required`: the handshake fails without one,
   * and one not issued by `clientCaPem` (or expired) ends the session before any MQTT byte.
   */
  clientCert: 'none' | 'required';
  clientCaPem?: string;
  /** Accept this pre-shared key (TLS-PSK, TLS 1.2); `pskOnly` offers no certificate suites. */
  psk?: { identity: string; keyHex: string };
  pskOnly?: boolean;
}

/** The server side of one TLS session on an accepted socket. */
export interface SecureSession {
  /** The decrypted stream; its first byte comes after the handshake. */
  readonly stream: tls.TLSSocket;
}

/** TLS 1.2 certificate suites a board offers by default, and the PSK ones. */
const CERT_CIPHERS = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256';
const PSK_CIPHERS = 'PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256:ECDHE-PSK-AES128-CBC-SHA256';

export class TlsListener extends TcpListener {
  override readonly kind: string = 'tls';
  #identity: TlsServerIdentity;
  #context: tls.SecureContext;

  constructor(options: { host: string; port: number; identity: TlsServerIdentity }) {
    super(options);
    this.#identity = options.identity;
    this.#context = contextFor(options.identity);
  }

  /** The gate's view of the handshake: `tls.handshake` on the timeline, the close reason of a failed one. */
  readonly upgrade: ListenerUpgrade = {
    run: (socket, done) => this.secure(socket, (outcome) => done(asUpgradeOutcome(outcome))),
    // Recorded without the server presented, so the TLS checks judge only handshakes that ran.
    interrupted: () => asUpgradeOutcome(closedDuringHandshake),
  };

  get identity(): TlsServerIdentity {
    return this.#identity;
  }

  /** The server every later connection meets (live ones keep theirs). */
  setIdentity(identity: TlsServerIdentity): void {
    this.#context = contextFor(identity);
    this.#identity = identity;
  }

  /** Runs the handshake on `raw`; `done` is called once, synchronously from the socket's events. */
  secure(raw: Socket, done: (outcome: HandshakeOutcome) => void): SecureSession {
    const identity = this.#identity;
    const psk = identity.psk;
    const stream = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: this.#context,
      requestCert: identity.clientCert === 'required',
      // With requestCert, OpenSSL then fails a handshake that brings no certificate.
      rejectUnauthorized: identity.clientCert === 'required',
      ...(psk ? { pskCallback: (_socket: tls.TLSSocket, id: string) => (id === psk.identity ? Buffer.from(psk.keyHex, 'hex') : null) } : {}),
    } as tls.TLSSocketOptions);
    let settled = false;
    const server = presented(identity);
    const settle = (outcome: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      done({ ...outcome, server });
    };
    stream.once('secure', () => settle(acceptedOutcome(stream, identity)));
    stream.once('error', (err: NodeJS.ErrnoException) => settle(describeHandshakeError(err)));
    return { stream };
  }
}

function asUpgradeOutcome(outcome: HandshakeOutcome): UpgradeOutcome {
  const { ok, ...fields } = outcome;
  const event = { kind: 'tls.handshake' as const, ok, ...fields };
  if (outcome.ok) return { ok: true, event };
  const closeReason = `TLS handshake failed: ${outcome.alert ? `alert "${outcome.alert}", ` : ''}${outcome.reason}`;
  return { ok: false, event, failedBy: outcome.failedBy, closeReason };
}

function presented(identity: TlsServerIdentity): PresentedServer {
  return {
    certificate: identity.pskOnly ? 'none' : (identity.label ?? 'unlabelled'),
    clientCert: identity.clientCert,
    psk: identity.pskOnly ? 'only' : identity.psk ? 'also' : 'none',
  };
}

function contextFor(identity: TlsServerIdentity): tls.SecureContext {
  const ciphers = identity.pskOnly ? PSK_CIPHERS : identity.psk ? `${CERT_CIPHERS}:${PSK_CIPHERS}` : CERT_CIPHERS;
  return tls.createSecureContext({
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
    ciphers,
    ...(identity.pskOnly ? {} : { cert: identity.certPem, key: identity.keyPem }),
    ...(identity.clientCaPem ? { ca: identity.clientCaPem } : {}),
  });
}

/**
 * The handshake completed. Node checks a client certificate's chain only through
 * tls.Server, which the gate does not use (it must own the accept): the chain is checked
 * here, with the public X509Certificate API, and a certificate the CA did not issue (or
 * one out of its validity) fails the session.
 */
function acceptedOutcome(stream: tls.TLSSocket, identity: TlsServerIdentity): HandshakeOutcome {
  const version = stream.getProtocol() ?? '?';
  const cipher = stream.getCipher()?.name ?? '?';
  const peer = stream.getPeerX509Certificate();
  const pskIdentity = peer ? undefined : pskIdentityOf(cipher, identity);
  const base = { version, cipher, ...(peer ? { clientSubject: peer.subject.replace(/\n/g, ', ') } : {}), ...(pskIdentity ? { pskIdentity } : {}) };
  if (identity.clientCert === 'required' && peer) {
    const problem = clientCertProblem(peer, identity.clientCaPem);
    if (problem) return { ok: false, ...base, failedBy: 'gate', reason: problem };
  }
  return { ok: true, ...base };
}

function pskIdentityOf(cipher: string, identity: TlsServerIdentity): string | undefined {
  return cipher.includes('PSK') ? identity.psk?.identity : undefined;
}

function clientCertProblem(peer: X509Certificate, caPem: string | undefined): string | undefined {
  if (!caPem) return 'the gate requires a client certificate but has no client CA to check it against';
  const ca = new X509Certificate(caPem);
  if (!peer.checkIssued(ca) || !peer.verify(ca.publicKey)) return `client certificate "${peer.subject.replace(/\n/g, ', ')}" is not issued by the broker's client CA`;
  const now = Date.now();
  if (now < Date.parse(peer.validFrom) || now > Date.parse(peer.validTo)) return `client certificate "${peer.subject.replace(/\n/g, ', ')}" is outside its validity (${peer.validFrom} – ${peer.validTo})`;
  return undefined;
}
