import type { Personality } from './personality.ts';

export const tlsAcceptAnyCert: Personality = {
  name: 'tls-accept-any-cert',
  description: 'Breaks server authentication: with ssl_ca_cert set the device still accepts any server certificate (unrelated CA, expired), as if ssl_ca_cert were "*".',
  tlsClient: (_ctx, faithful) => ({ ...faithful, verifyServer: false, checkName: false }),
};
