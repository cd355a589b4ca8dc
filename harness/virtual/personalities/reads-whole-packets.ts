import type { Personality } from './personality.ts';

/** Firmware that parses each socket read on its own: fine while every packet arrives in one read. */
export const readsWholePackets: Personality = {
  name: 'reads-whole-packets',
  description: "Takes each socket read for whole packets: the bytes of a packet cut by the read's end are thrown away, so a packet the network delivers in pieces is lost and what follows it misread.",
  keepsPartialPacket: () => false,
};
