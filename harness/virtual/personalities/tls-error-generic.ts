import type { Personality } from './personality.ts';

/** Firmware whose TLS layer reports every failure with one generic code. */
export const tlsErrorGeneric: Personality = {
  name: 'tls-error-generic',
  description: "Every failed TLS handshake is logged as mbedTLS's invalid-record error (-0x7200), whether the broker's certificate did not verify (-0x2700) or the broker refused the board with an alert (-0x7780), so the log no longer tells a bad CA from a refused client.",
  tlsErrorCode: () => -0x7200,
};
