/**
 * `segment`: the broker's packets reach the device in pieces of `bytes`, `gapMs` apart, as
 * TCP delivers a packet larger than a segment (a Wi-Fi MSS is ~1 460 bytes; a busy link or
 * a small window makes pieces of any size). A device must read a packet whole however its
 * bytes arrive; one that takes each read for whole packets closes or misreads the session.
 * Device → broker packets pass unchanged.
 *
 * Over WebSocket the pieces are cut below MQTT as `ws` says (RFC 6455 §5.4; MQTT-6.0.0-2:
 * packets need not be aligned on frame boundaries):
 * - `fragments` (default): one binary message in fragments (a first frame without FIN,
 *   continuation frames, the last with FIN), a ping between the first two, as a server may
 *   put a control frame in the middle of a fragmented message;
 * - `tcp`: one whole frame whose bytes reach the device in pieces (a frame cut across reads);
 * - `messages`: each piece a binary message of its own.
 * Over TCP and TLS `ws` is ignored.
 */
import * as z from 'zod';
import { defineFault } from './fault.ts';

export const segmentFault = defineFault({
  name: 'segment',
  summary: "split the broker's packets to the device into pieces of bytes, gapMs apart (TCP segmentation)",
  params: {
    bytes: z.int().min(1).default(3),
    gapMs: z.number().min(0).max(1000).default(2),
    ws: z.enum(['fragments', 'tcp', 'messages']).default('fragments'),
  },
  create: ({ bytes, gapMs, ws }) => ({
    onFrame(frame) {
      if (frame.dir !== 'out' || frame.bytes.length <= bytes) return undefined;
      return { segments: { bytes, gapMs, ws } };
    },
  }),
});
