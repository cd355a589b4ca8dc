/**
 * A raw MQTT client for tests: a TCP socket plus mqtt-packet, so a test sees exactly
 * what the gate sends and how the connection ends (FIN or RST).
 */
import { connect, type Socket } from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';

export type RawEnd = { how: 'fin' | 'rst' | 'error'; code?: string | undefined };

export class RawClient {
  readonly packets: Packet[] = [];
  readonly ended: Promise<RawEnd>;
  private readonly waiters = new Set<() => void>();
  private endInfo: RawEnd | undefined;

  private constructor(readonly socket: Socket) {
    const parser = mqttPacket.parser();
    parser.on('packet', (p: Packet) => {
      this.packets.push(p);
      this.notify();
    });
    parser.on('error', () => {});
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    this.ended = new Promise((resolve) => {
      const finish = (info: RawEnd) => {
        if (this.endInfo) return;
        this.endInfo = info;
        resolve(info);
        this.notify();
      };
      socket.on('end', () => finish({ how: 'fin' }));
      socket.on('error', (err: NodeJS.ErrnoException) =>
        finish({ how: err.code === 'ECONNRESET' ? 'rst' : 'error', code: err.code }),
      );
      socket.on('close', () => finish({ how: 'fin' }));
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, noDelay: true });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Opens and sends CONNECT. */
  static async connect(port: number, clientId: string, extra: Partial<Extract<Packet, { cmd: 'connect' }>> = {}): Promise<RawClient> {
    const client = await RawClient.open(port);
    client.send({ cmd: 'connect', clientId, protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, ...extra });
    return client;
  }

  send(packet: Packet): void {
    this.socket.write(mqttPacket.generate(packet));
  }

  sendBytes(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves with the next packet of `cmd` (already received or yet to come). */
  async next<C extends Packet['cmd']>(cmd: C, timeoutMs = 3000, from = 0): Promise<Extract<Packet, { cmd: C }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.packets.slice(from).find((p) => p.cmd === cmd);
      if (found) return found as Extract<Packet, { cmd: C }>;
      if (this.endInfo) throw new Error(`connection ended (${this.endInfo.how}) before a ${cmd}; got ${this.packets.map((p) => p.cmd).join(',') || 'nothing'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${cmd} within ${timeoutMs} ms; got ${this.packets.map((p) => p.cmd).join(',') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** Resolves with how the connection ended, or fails after `timeoutMs`. */
  async waitEnd(timeoutMs = 3000): Promise<RawEnd> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.ended, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      w();
    }
  }
}

/** Active handles that would keep a process alive, by type (tsx's own pipes excluded). */
export function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) {
    if (name === 'PipeWrap' || name === 'TTYWrap' || name === 'FSReqCallback') continue;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
