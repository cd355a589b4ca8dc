/**
 * `withhold-pubrec`: a QoS 2 delivery the broker must make again. The broker's next QoS 2
 * PUBLISH to the device (the first after the fault is switched on) reaches it, but the
 * device's PUBREC for it never reaches the broker: the gate swallows it and cuts the
 * connection at that moment. With a persistent session (clean_session false) the broker
 * then sends the PUBLISH again, DUP = 1 and the same packet id, on the next session —
 * where MQTT 3.1.1 (4.3.3) wants the device to answer PUBREC again without handing the
 * message to the application a second time. One-shot, like `withhold-puback`.
 */
import * as z from 'zod';
import { defineFault } from './fault.ts';

export const withholdPubrecFault = defineFault({
  name: 'withhold-pubrec',
  summary: 'swallow the device\'s PUBREC for the broker\'s next QoS 2 PUBLISH and cut that connection instead (FIN or RST)',
  params: {
    how: z.enum(['fin', 'rst']).default('rst'),
  },
  create: ({ how }) => {
    /** The connection and packet id whose PUBREC is withheld, once the broker sent the PUBLISH. */
    let held: { conn: number; id: number } | undefined;
    let done = false;
    return {
      onFrame(frame, conn) {
        if (done || !frame.packet) return undefined;
        const p = frame.packet;
        if (!held && frame.dir === 'out' && p.cmd === 'publish' && p.qos === 2 && p.messageId !== undefined) {
          held = { conn: conn.id, id: p.messageId };
          return undefined;
        }
        if (held && held.conn === conn.id && frame.dir === 'in' && p.cmd === 'pubrec' && p.messageId === held.id) {
          done = true;
          return { swallow: true, thenClose: { how, reason: `withhold-pubrec: PUBREC ${held.id} withheld, session cut` } };
        }
        return undefined;
      },
      onClose(conn) {
        // The connection ended some other way before the PUBREC came: wait for the next delivery.
        if (!done && held?.conn === conn.id) held = undefined;
      },
    };
  },
});
