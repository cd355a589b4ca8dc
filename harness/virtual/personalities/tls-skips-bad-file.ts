import type { Personality } from './personality.ts';

/** Firmware whose TLS set-up shrugs off a file it cannot load. */
export const tlsSkipsBadFile: Personality = {
  name: 'tls-skips-bad-file',
  description: 'A TLS certificate, key or CA file that does not parse is left out and the board connects anyway (without its client certificate, or without verifying the server), where the library fails the connect with "Invalid SSL …".',
  badTlsFile: () => 'skip',
};
