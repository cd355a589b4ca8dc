/**
 * Runs the MQTT codec once over every packet type the client sends or parses, before the
 * board boots. The first use of mqtt-packet compiles and loads code lazily (tens of ms
 * once); a real ESP32 has no such first-time pause, and at a time scale of 10 those ms
 * would show as hundreds of device ms in the first measured reconnect delay.
 */
import type { Packet } from 'mqtt-packet';
import mqttPacket from 'mqtt-packet';

export function warmUpCodec(): void {
  const packets: Packet[] = [
    { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'warm-up', keepalive: 60, will: { topic: 'w', payload: Buffer.from('x'), qos: 0, retain: false } },
    { cmd: 'connack', returnCode: 0, sessionPresent: false },
    { cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 1, messageId: 1, dup: false, retain: false },
    { cmd: 'puback', messageId: 1 },
    { cmd: 'pubrec', messageId: 1 },
    { cmd: 'pubrel', messageId: 1 },
    { cmd: 'pubcomp', messageId: 1 },
    { cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 't/#', qos: 1 }] },
    { cmd: 'suback', messageId: 2, granted: [1] },
    { cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['t/#'] },
    { cmd: 'unsuback', messageId: 3, granted: [] },
    { cmd: 'pingreq' },
    { cmd: 'pingresp' },
    { cmd: 'disconnect' },
  ];
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  parser.on('error', () => {});
  for (const p of packets) parser.parse(mqttPacket.generate(p));
}
