/**
 * The library as it is: with `mqtt1.enable=true` and an empty `mqtt1.server` it switches
 * to the backup once the primary's delay reaches the maximum, then never makes another
 * attempt (offline until reboot), where the doc promises the connection is kept alive.
 */
import type { Personality } from './personality.ts';

export const libSilentWithoutBackupServer: Personality = {
  name: 'lib-silent-without-backup-server',
  description: 'The library defect: switches to an enabled mqtt1 that has no server and then never tries to connect again.',
  shouldSwitchConfig: (ctx, faithful) => faithful || (ctx.rt >= ctx.maxMs && ctx.otherEnabled),
};
