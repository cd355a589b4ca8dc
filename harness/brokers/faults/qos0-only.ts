/**
 * `qos0-only`: like AWS IoT Greengrass, which "accepts only QoS 0": any PUBLISH or
 * SUBSCRIBE asking for QoS > 0 makes the broker close the connection without a word.
 */
import * as z from 'zod';
import { defineFault, isQoSAbove0 } from './fault.ts';

export const qos0OnlyFault = defineFault({
  name: 'qos0-only',
  summary: 'close the connection silently on any PUBLISH or SUBSCRIBE asking for QoS > 0',
  params: {
    how: z.enum(['fin', 'rst']).default('fin'),
  },
  create: ({ how }) => ({
    onFrame(frame) {
      if (frame.dir !== 'in' || !isQoSAbove0(frame.packet)) return undefined;
      const packet = frame.packet!;
      return { swallow: true, thenClose: { how, reason: `qos0-only: ${packet.cmd.toUpperCase()} with QoS > 0` } };
    },
  }),
});
