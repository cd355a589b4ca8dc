import type { Personality } from './personality.ts';

export const tlsNoClientCert: Personality = {
  name: 'tls-no-client-cert',
  description: 'Breaks mutual TLS: ssl_cert and ssl_key are set but the device sends no client certificate, so a broker that requires one refuses it.',
  tlsClient: (_ctx, faithful) => ({ ...faithful, sendClientCert: false }),
};
