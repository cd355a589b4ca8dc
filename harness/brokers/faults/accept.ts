/** `accept`: a normal broker. The empty chain; switching to it clears every other fault. */
import { defineFault } from './fault.ts';

export const acceptFault = defineFault({
  name: 'accept',
  summary: 'normal broker: every connection and packet passes',
  params: {},
  create: () => ({}),
});
