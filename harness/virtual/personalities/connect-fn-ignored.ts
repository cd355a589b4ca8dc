import type { Personality } from './personality.ts';

export const connectFnIgnored: Personality = {
  name: 'connect-fn-ignored',
  description: 'mgos_mqtt_set_connect_fn is ignored: the callback is never called and the library sends its own CONNECT (the config\'s user name and keep-alive) on every connection.',
  connectFnCalled: () => false,
};
