import type { Personality } from './personality.ts';

/** The reference behaviour: no hooks, every decision as mqtt-client-behaviour.md describes. */
export const faithful: Personality = {
  name: 'faithful',
  description: 'Breaks nothing: behaves as the reference model (the implementation where the spec follows it, the doc and MQTT 3.1.1 where the implementation is defective).',
};
