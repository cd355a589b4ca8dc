/**
 * The server certificates a TLS scenario makes the gate present, by the label the
 * `tls.handshake` event carries (harness/tls/pki.ts makes them; the checks read them).
 */
export const serverCertificates = ['trusted', 'unrelated-ca', 'expired', 'wrong-name'] as const;
export type ServerCertificate = (typeof serverCertificates)[number];

export function isServerCertificate(label: string): label is ServerCertificate {
  return (serverCertificates as readonly string[]).includes(label);
}
