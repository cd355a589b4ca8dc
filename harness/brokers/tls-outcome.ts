/**
 * What a TLS handshake at the gate came to, as the `tls.handshake` timeline event says
 * it: version and cipher, the client certificate's subject or the PSK identity, or who
 * failed it (the gate, or the device) with the alert and the reason.
 */
/** What the gate presented: the certificate's label (harness/contract/tls.ts), whether it required a client certificate, PSK. */
export interface PresentedServer {
  certificate: string;
  clientCert: 'none' | 'required';
  psk: 'none' | 'also' | 'only';
}

export type HandshakeOutcome =
  | { ok: true; version: string; cipher: string; clientSubject?: string; pskIdentity?: string; server?: PresentedServer }
  | {
      ok: false;
      server?: PresentedServer;
      /** Who ended the handshake: the gate refused the device, or the device refused the gate (or left). */
      failedBy: 'gate' | 'device';
      /** The TLS alert, when one was sent (`unknown ca`, `handshake failure`, …). */
      alert?: string;
      reason: string;
      version?: string;
      cipher?: string;
      clientSubject?: string;
    };

/** An alert the device sent, as OpenSSL names it on the server side. */
const RECEIVED_ALERT = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/;

/** Errors of the gate's own side, and the alert OpenSSL sends for each (TLS 1.2). */
const GATE_REFUSALS: Record<string, { alert: string; reason: string }> = {
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: { alert: 'handshake failure', reason: 'the device sent no client certificate' },
  ERR_SSL_PSK_IDENTITY_NOT_FOUND: { alert: 'unknown psk identity', reason: 'the device offered an unknown PSK identity' },
  ERR_SSL_NO_SHARED_CIPHER: { alert: 'handshake failure', reason: 'no cipher suite in common (a PSK-only broker and a device offering none?)' },
  ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC: { alert: 'bad record mac', reason: 'the device\'s Finished did not decrypt (a wrong pre-shared key?)' },
  ERR_SSL_BAD_RECORD_MAC: { alert: 'bad record mac', reason: 'the device\'s Finished did not decrypt (a wrong pre-shared key?)' },
  ERR_SSL_WRONG_VERSION_NUMBER: { alert: 'protocol version', reason: 'the device did not speak TLS 1.2 (plain MQTT on the TLS port?)' },
  ERR_SSL_HTTP_REQUEST: { alert: 'protocol version', reason: 'the device did not speak TLS' },
  ERR_SSL_UNSUPPORTED_PROTOCOL: { alert: 'protocol version', reason: 'the device offered no TLS version the broker speaks (1.2)' },
};

export function describeHandshakeError(err: NodeJS.ErrnoException): HandshakeOutcome {
  const code = err.code ?? '';
  const received = RECEIVED_ALERT.exec(code);
  if (received) {
    const alert = received[1]!.toLowerCase().replace(/_/g, ' ');
    return { ok: false, failedBy: 'device', alert, reason: `the device sent the alert "${alert}"` };
  }
  const refusal = GATE_REFUSALS[code];
  if (refusal) return { ok: false, failedBy: 'gate', alert: refusal.alert, reason: refusal.reason };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { ok: false, failedBy: 'device', reason: 'the device closed the connection during the handshake' };
  return { ok: false, failedBy: 'gate', reason: `${code || 'error'}: ${firstLine(err.message)}` };
}

/** The device closed before the handshake completed, without an error on the gate's side. */
export const closedDuringHandshake: HandshakeOutcome = { ok: false, failedBy: 'device', reason: 'the device closed the connection during the handshake' };

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '');
}
