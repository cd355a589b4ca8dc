/**
 * `withhold-puback`: a QoS 1 publish left in flight when the session drops. The device's
 * next QoS 1 PUBLISH (the first after the fault is switched on) reaches the broker, but
 * the broker's PUBACK for it never reaches the device: the gate swallows it and cuts the
 * connection at that moment. Once it has cut, the fault lets everything through, so the
 * next session shows what the device re-sends.
 *
 * With `session: "keep"` the session is not cut: every PUBACK for that packet id on that
 * connection is swallowed (the re-sends after each PINGRESP included) until the fault is
 * switched off or the connection ends, so the session shows what the device re-sends on
 * the same connection.
 */
import * as z from 'zod';
import { defineFault } from './fault.ts';

export const withholdPubackFault = defineFault({
  name: 'withhold-puback',
  summary: 'swallow the PUBACK of the device\'s next QoS 1 PUBLISH and cut that connection instead (FIN or RST), or keep it up and swallow every PUBACK of that id (session: keep)',
  params: {
    how: z.enum(['fin', 'rst']).default('rst'),
    session: z.enum(['cut', 'keep']).default('cut'),
  },
  create: ({ how, session }) => {
    /** The connection and packet id whose PUBACK is withheld, once the device sent it. */
    let held: { conn: number; id: number } | undefined;
    let done = false;
    /** In `keep` mode: whether a PUBACK of the held id has been swallowed yet. */
    let swallowed = false;
    return {
      onFrame(frame, conn) {
        if (done || !frame.packet) return undefined;
        const p = frame.packet;
        if (!held && frame.dir === 'in' && p.cmd === 'publish' && p.qos === 1 && p.messageId !== undefined) {
          held = { conn: conn.id, id: p.messageId };
          return undefined;
        }
        if (held && held.conn === conn.id && frame.dir === 'out' && p.cmd === 'puback' && p.messageId === held.id) {
          if (session === 'keep') {
            swallowed = true;
            return { swallow: true };
          }
          done = true;
          return { swallow: true, thenClose: { how, reason: `withhold-puback: PUBACK ${held.id} withheld, session cut` } };
        }
        return undefined;
      },
      onClose(conn) {
        if (done || held?.conn !== conn.id) return;
        // Kept up and since ended: the fault has done its work.
        if (swallowed) done = true;
        // The connection ended some other way before the PUBACK came: wait for the next publish.
        else held = undefined;
      },
    };
  },
});
