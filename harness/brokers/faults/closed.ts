/** `closed`: nothing listens, so the OS refuses; the attempts show only in the device's log. */
import { defineFault } from './fault.ts';

export const closedFault = defineFault({
  name: 'closed',
  summary: 'stop listening: the OS refuses new connections (live sessions are kept)',
  params: {},
  create: () => ({ listening: false }),
});
