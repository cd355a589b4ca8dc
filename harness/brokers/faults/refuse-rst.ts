/** `refuse-rst`: TCP is accepted, then reset at once, so the attempt shows on the broker side. */
import { defineFault } from './fault.ts';

export const refuseRstFault = defineFault({
  name: 'refuse-rst',
  summary: 'accept each new TCP connection, then reset it at once (live sessions are kept)',
  params: {},
  create: () => ({
    onAccept(conn) {
      conn.close({ how: 'rst', reason: 'refuse-rst' });
    },
  }),
});
