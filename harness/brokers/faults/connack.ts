/**
 * `connack <code>`: the gate answers CONNECT itself with a refusal CONNACK (MQTT 3.1.1
 * return codes 1–5), then closes. The broker never sees the CONNECT.
 */
import * as z from 'zod';
import { defineFault } from './fault.ts';

export const connackFault = defineFault({
  name: 'connack',
  summary: 'answer CONNECT with CONNACK <code> (1–5), then close',
  params: {
    code: z.int().min(1).max(5),
    /** How the gate closes after the CONNACK. */
    how: z.enum(['fin', 'rst']).default('fin'),
  },
  create: ({ code, how }) => ({
    onFrame(frame, conn) {
      if (frame.dir !== 'in' || frame.packet?.cmd !== 'connect') return undefined;
      conn.reply(
        { cmd: 'connack', returnCode: code, sessionPresent: false },
        { how, reason: `connack ${code}` },
      );
      return { swallow: true };
    },
  }),
});
