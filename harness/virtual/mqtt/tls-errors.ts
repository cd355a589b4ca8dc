/**
 * What the library logs for a TLS connection that fails, from Node's error: mbedTLS's
 * code as `mg_ssl_if_mbed_err` prints it (`<conn> mbedTLS error: -0x2700`), then
 * MG_EV_CONNECT with MG_SSL_ERROR (−3): `MQTT0 TCP connected error (-3)`. A peer that
 * closes in the middle of the handshake makes the mgos handshake close the connection
 * without a connect event: only `MQTT0 disconnected`. Sources: harness/model/sources.ts
 * (`impl.tls.handshake-failure-log`).
 */

/** MBEDTLS_ERR_X509_CERT_VERIFY_FAILED: the server's certificate did not verify (chain, dates, name). */
export const MBEDTLS_CERT_VERIFY_FAILED = -0x2700;
/** MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE: the server sent a fatal alert. */
export const MBEDTLS_FATAL_ALERT = -0x7780;
/** MBEDTLS_ERR_SSL_INVALID_RECORD: anything else the TLS layer could not read. */
export const MBEDTLS_INVALID_RECORD = -0x7200;
/** enum mg_ssl_if_result MG_SSL_ERROR: the status MG_EV_CONNECT carries after a failed handshake. */
export const MG_SSL_ERROR = -3;

const VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'INVALID_CA',
]);

export type TlsFailure = { kind: 'tcp' } | { kind: 'closed' } | { kind: 'handshake'; mbedtlsCode: number };

export function tlsFailureOf(err: Error & { code?: unknown; tlsPhase?: unknown }): TlsFailure {
  if (err.tlsPhase === 'tcp') return { kind: 'tcp' };
  const code = typeof err.code === 'string' ? err.code : '';
  if (VERIFY_CODES.has(code)) return { kind: 'handshake', mbedtlsCode: MBEDTLS_CERT_VERIFY_FAILED };
  if (/^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_/.test(code)) return { kind: 'handshake', mbedtlsCode: MBEDTLS_FATAL_ALERT };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'closed' };
  return { kind: 'handshake', mbedtlsCode: MBEDTLS_INVALID_RECORD };
}

/** As mbedTLS's error is printed: `-0x2700`. */
export function formatMbedtlsCode(code: number): string {
  return `-0x${(-code).toString(16).padStart(4, '0')}`;
}
