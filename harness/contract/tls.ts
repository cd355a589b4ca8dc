/**
 * The server certificates a TLS scenario makes the gate present, by the label the
 * `tls.handshake` event carries (harness/tls/pki.ts makes them; the checks read them).
 */
export const serverCertificates = ['trusted', 'unrelated-ca', 'expired', 'wrong-name'] as const;
export type ServerCertificate = (typeof serverCertificates)[number];

export function isServerCertificate(label: string): label is ServerCertificate {
  return (serverCertificates as readonly string[]).includes(label);
}

/**
 * What the harness puts in a file on the board (`board-file` actions): a PEM certificate,
 * a PEM private key, both in one file, or bytes that are neither (a broken file).
 */
export const BOARD_FILE_CONTENTS = ['certificate', 'key', 'certificate+key', 'garbage'] as const;
export type BoardFileContent = (typeof BOARD_FILE_CONTENTS)[number];
