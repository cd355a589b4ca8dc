import type { Personality } from './personality.ts';

/** Firmware whose queue re-sends an unacknowledged publish only on a new connection. */
export const noResendOnPingresp: Personality = {
  name: 'no-resend-on-pingresp',
  description: 'A QoS ≥ 1 publish sent on this connection and never acknowledged waits for the next connection; the library sends it again (DUP = 1) after every PINGRESP.',
  pingrespClearsSentMarks: () => false,
};
