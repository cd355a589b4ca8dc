/**
 * `malformed`: a broker that sends the device a packet it cannot parse. Once each session
 * is up (right after the gate has passed on a CONNACK 0), and at once on every live
 * connection when the fault is switched on, the gate writes a PUBLISH whose topic length
 * (0xFFFF) runs past the packet's end. Mongoose's parse_mqtt calls that
 * MG_MQTT_ERROR_MALFORMED_MSG and mqtt_handler closes the connection at once
 * (MG_F_CLOSE_IMMEDIATELY); the gate records the bytes as `mqtt.garbage` (out). Every
 * other packet passes unchanged.
 */
import { defineFault } from './fault.ts';

/** PUBLISH, QoS 0, remaining length 2, topic length 0xFFFF: the topic cannot fit. */
export const MALFORMED_PUBLISH = Buffer.from([0x30, 0x02, 0xff, 0xff]);

export const malformedFault = defineFault({
  name: 'malformed',
  summary: 'send the device a PUBLISH it cannot parse (its topic runs past the packet) once each session is up',
  params: {},
  create: () => ({
    start(ctx) {
      for (const c of ctx.connections()) c.inject(MALFORMED_PUBLISH);
    },
    onFrame(frame, conn, ctx) {
      const p = frame.packet;
      if (frame.dir !== 'out' || p?.cmd !== 'connack' || (p.returnCode ?? 0) !== 0) return undefined;
      // After the CONNACK has gone out (the release queue keeps order; a timer turn puts it behind).
      ctx.after(conn, 0, () => conn.inject(MALFORMED_PUBLISH));
      return undefined;
    },
  }),
});
