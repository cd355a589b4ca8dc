/**
 * `blackhole`: accept TCP, read everything, answer nothing. Applies to live sessions too
 * (a broker gone silent: the device's keep-alive must notice).
 */
import { defineFault } from './fault.ts';

export const blackholeFault = defineFault({
  name: 'blackhole',
  summary: 'accept TCP and read, but forward nothing either way (live sessions go silent too)',
  params: {},
  create: () => ({
    onFrame: () => ({ swallow: true }),
  }),
});
