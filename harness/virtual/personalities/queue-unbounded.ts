import type { Personality } from './personality.ts';

export const queueUnbounded: Personality = {
  name: 'queue-unbounded',
  description: 'Breaks max_queue_length: the queue never overflows, nothing is dropped and no overflow is logged.',
  queueLimit: (_ctx, faithful) => (faithful > 0 ? Number.POSITIVE_INFINITY : faithful),
};
