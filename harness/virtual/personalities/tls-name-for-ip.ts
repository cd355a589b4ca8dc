import type { Personality } from './personality.ts';

/** Firmware that hands mbedTLS the server name even for an IP address. */
export const tlsNameForIp: Personality = {
  name: 'tls-name-for-ip',
  description: 'Checks the certificate\'s names against the server even when it is an IP address, where mongoose gives mbedTLS no name and a certificate for another name is accepted.',
  tlsClient: (_ctx, faithful) => ({ ...faithful, checkName: faithful.verifyServer }),
};
