/**
 * `drop`: cut sessions the way a lost link or a crashing broker does. Without `afterMs`
 * or `afterPackets` it cuts every live connection the moment it is switched on and then
 * lets new ones live; with them, it cuts every session (live or new) that long after it
 * started (or after the fault was switched on), or after that many packets (both ways).
 * The broker sees the loss without a DISCONNECT, so it publishes the session's will.
 */
import * as z from 'zod';
import type { CloseRequest, FaultConnection, FaultContext } from './fault.ts';
import { defineFault } from './fault.ts';

export const dropFault = defineFault({
  name: 'drop',
  summary: 'cut live connections now (FIN or RST), or every session after N ms / N packets',
  params: {
    how: z.enum(['fin', 'rst']).default('rst'),
    afterMs: z.number().min(0).optional(),
    afterPackets: z.int().min(1).optional(),
  },
  create: ({ how, afterMs, afterPackets }) => {
    const packetCounts = new Map<number, number>();
    const cutsNow = afterMs === undefined && afterPackets === undefined;
    const request = (why: string): CloseRequest => ({ how, reason: `drop ${why}` });
    const arm = (conn: FaultConnection, ctx: FaultContext): void => {
      if (afterMs !== undefined) ctx.after(conn, afterMs, () => conn.close(request(`after ${afterMs} ms`)));
    };
    return {
      start(ctx) {
        for (const conn of ctx.connections()) {
          if (cutsNow) conn.close(request('now'));
          else arm(conn, ctx);
        }
      },
      onAccept(conn, ctx) {
        if (!cutsNow) arm(conn, ctx);
      },
      onFrame(_frame, conn) {
        if (afterPackets === undefined) return undefined;
        const count = (packetCounts.get(conn.id) ?? 0) + 1;
        packetCounts.set(conn.id, count);
        return count >= afterPackets ? { thenClose: request(`after ${afterPackets} packets`) } : undefined;
      },
      onClose(conn) {
        packetCounts.delete(conn.id);
      },
    };
  },
});
