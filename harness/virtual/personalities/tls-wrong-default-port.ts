import type { Personality } from './personality.ts';

export const tlsWrongDefaultPort: Personality = {
  name: 'tls-wrong-default-port',
  description: 'Breaks the default-port rule: a server without a port gets 1883 even when ssl_ca_cert is set (the library adds 8883).',
  defaultPort: () => 1883,
};
