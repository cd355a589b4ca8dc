/**
 * `delay`: hold packets before forwarding them: only the CONNACK, or every packet, in one
 * or both directions, by a fixed amount (`ms`) or a random one (uniform in [ms, maxMs]).
 * Packets never overtake each other, as on a TCP stream. When the fault is switched off,
 * packets still held are released at once.
 */
import * as z from 'zod';
import { defineFault } from './fault.ts';

export const delayFault = defineFault({
  name: 'delay',
  summary: 'hold CONNACK or every packet, in one or both directions, by ms (or random in [ms, maxMs])',
  params: {
    ms: z.number().min(0),
    maxMs: z.number().min(0).optional(),
    packets: z.enum(['all', 'connack']).default('all'),
    /** in = device→broker, out = broker→device (ignored for `packets: "connack"`). */
    direction: z.enum(['in', 'out', 'both']).default('both'),
  },
  refine: {
    check: (spec) => spec.maxMs === undefined || spec.maxMs >= spec.ms,
    message: 'maxMs must be at least ms',
    path: ['maxMs'],
  },
  create: ({ ms, maxMs, packets, direction }) => ({
    onFrame(frame, _conn, ctx) {
      if (packets === 'connack') {
        if (frame.dir !== 'out' || frame.packet?.cmd !== 'connack') return undefined;
      } else if (direction !== 'both' && frame.dir !== direction) {
        return undefined;
      }
      const amount = maxMs === undefined ? ms : ms + ctx.random() * (maxMs - ms);
      return { delayMs: amount };
    },
  }),
});
