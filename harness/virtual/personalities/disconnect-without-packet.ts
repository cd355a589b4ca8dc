import type { Personality } from './personality.ts';

/** Firmware that closes its socket on disconnect instead of saying goodbye: every explicit disconnect looks like a lost board. */
export const disconnectWithoutPacket: Personality = {
  name: 'disconnect-without-packet',
  description: 'An explicit disconnect closes the socket without sending MQTT DISCONNECT, so the broker takes it for a lost board and publishes the will.',
  disconnectSendsPacket: () => false,
};
