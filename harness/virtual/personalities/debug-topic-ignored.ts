import type { Personality } from './personality.ts';

export const debugTopicIgnored: Personality = {
  name: 'debug-topic-ignored',
  description: 'debug.stdout_topic and debug.stderr_topic are read but nothing is published: the console reaches the UART only, as if the library never registered its log handler.',
  consolePublished: () => false,
};
