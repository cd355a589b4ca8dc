import type { Personality } from './personality.ts';

export const pubfAsPrintf: Personality = {
  name: 'pubf-as-printf',
  description: 'mgos_mqtt_pubf / mgos_mqtt_pubv format as C printf would: bare identifiers of the format are copied unquoted, so `{a: %d}` publishes `{a: 1}`, which is not JSON (frozen prints `{"a": 1}`).',
  pubfQuotesIdentifiers: () => false,
};
