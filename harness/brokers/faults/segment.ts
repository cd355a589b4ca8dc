/**
 * `segment`: the broker's packets reach the device in pieces of `bytes`, `gapMs` apart, as
 * TCP delivers a packet larger than a segment (a Wi-Fi MSS is ~1 460 bytes; a busy link or
 * a small window makes pieces of any size). A device must read a packet whole however its
 * bytes arrive; one that takes each read for whole packets closes or misreads the session.
 * Device → broker packets pass unchanged.
 */
import * as z from 'zod';
import { defineFault } from './fault.ts';

export const segmentFault = defineFault({
  name: 'segment',
  summary: "split the broker's packets to the device into pieces of bytes, gapMs apart (TCP segmentation)",
  params: {
    bytes: z.int().min(1).default(3),
    gapMs: z.number().min(0).max(1000).default(2),
  },
  create: ({ bytes, gapMs }) => ({
    onFrame(frame) {
      if (frame.dir !== 'out' || frame.bytes.length <= bytes) return undefined;
      return { segments: { bytes, gapMs } };
    },
  }),
});
