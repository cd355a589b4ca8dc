/**
 * One line per event, for error messages, the `hil brokers` console and logs. The JSONL
 * file and the control API carry the full event; this is for people reading along.
 */
import type { TimelineEvent } from './events.ts';

export function formatEvent(e: TimelineEvent): string {
  const t = e.t.toFixed(1).padStart(10);
  switch (e.kind) {
    case 'tcp.accept':
      return `${t} ${e.broker}#${e.conn} tcp.accept from ${e.remote}`;
    case 'tcp.close':
      return `${t} ${e.broker}#${e.conn} tcp.close by ${e.by} (${e.how})${e.reason ? `: ${e.reason}` : ''}`;
    case 'mqtt.packet': {
      const arrow = e.dir === 'in' ? '→' : '←';
      const parts: string[] = [e.type.toUpperCase()];
      if (e.packetId !== undefined) parts.push(`id=${e.packetId}`);
      if (e.qos !== undefined && e.type === 'publish') parts.push(`qos=${e.qos}`);
      if (e.dup) parts.push('dup');
      if (e.retain) parts.push('retain');
      if (e.topic !== undefined) parts.push(`topic=${e.topic}`);
      if (e.connect) {
        const c = e.connect;
        parts.push(`clientId=${c.clientId} v${c.protocolVersion} clean=${c.clean} keepalive=${c.keepalive}`);
        if (c.username !== undefined) parts.push(`user=${c.username}`);
        if (c.will) parts.push(`will=${c.will.topic}@${c.will.qos}`);
      }
      if (e.returnCode !== undefined) parts.push(`rc=${e.returnCode}`);
      if (e.subscriptions) parts.push(e.subscriptions.map((s) => `${s.topic}@${s.qos}`).join(','));
      if (e.granted) parts.push(`granted=${e.granted.join(',')}`);
      if (e.unsubscriptions) parts.push(e.unsubscriptions.join(','));
      return `${t} ${e.broker}#${e.conn} ${arrow} ${parts.join(' ')}`;
    }
    case 'tls.handshake':
      return e.ok
        ? `${t} ${e.broker}#${e.conn} tls ok ${e.version} ${e.cipher}${e.clientSubject ? ` client ${e.clientSubject}` : ''}${e.pskIdentity ? ` psk ${e.pskIdentity}` : ''}`
        : `${t} ${e.broker}#${e.conn} tls failed by ${e.failedBy}${e.alert ? ` (alert ${e.alert})` : ''}: ${e.reason}`;
    case 'ws.handshake':
      return e.ok
        ? `${t} ${e.broker}#${e.conn} ws upgraded GET ${e.path} protocols [${e.protocols.join(',')}] → ${e.status} ${e.protocol ?? '(no subprotocol)'}`
        : `${t} ${e.broker}#${e.conn} ws refused${e.path !== undefined ? ` GET ${e.path}` : ''}${e.status !== undefined ? ` → ${e.status}` : ''} by ${e.failedBy}: ${e.reason}`;
    case 'ws.control':
      return `${t} ${e.broker}#${e.conn} ${e.dir === 'in' ? '→' : '←'} ws ${e.op}`;
    case 'mqtt.garbage':
      return `${t} ${e.broker}#${e.conn} ${e.dir === 'in' ? '→' : '←'} garbage ${e.bytes} bytes: ${e.error}`;
    case 'fault':
      return `${t} ${e.broker} fault ${e.fault} ${JSON.stringify(e.params)}`;
    case 'listen':
      return `${t} ${e.broker} ${e.listening ? 'listening on' : 'stopped listening on'} port ${e.port}`;
    case 'serial':
      return `${t} serial ${e.board} [${e.line.type}] ${e.line.text}`;
    case 'note':
      return `${t} note ${e.text}${e.data ? ` ${JSON.stringify(e.data)}` : ''}`;
  }
}
