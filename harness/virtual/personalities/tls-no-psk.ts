import type { Personality } from './personality.ts';

export const tlsNoPsk: Personality = {
  name: 'tls-no-psk',
  description: 'Breaks TLS-PSK: ssl_psk_identity and ssl_psk_key are set but the device offers no pre-shared key, so a PSK-only broker refuses it.',
  tlsClient: (_ctx, faithful) => ({ ...faithful, offerPsk: false }),
};
