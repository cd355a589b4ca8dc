import type { Personality } from './personality.ts';

export const tlsIgnoreName: Personality = {
  name: 'tls-ignore-name',
  description: 'Breaks the server name check: the certificate chain is verified, but a certificate for another name is accepted when the server is a DNS name.',
  tlsClient: (_ctx, faithful) => ({ ...faithful, checkName: false }),
};
