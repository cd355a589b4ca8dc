/**
 * The harness's own MQTT client (mqtt.js) on one broker: publishes to a board's topics,
 * and keeps every message it receives so a test can wait for one (a board's publish, its
 * will) without racing. On a `Broker` it connects past the fault gate (see broker.ts);
 * it can also connect to any broker by URL.
 */
import { type IClientOptions, MqttClient, connectAsync } from 'mqtt';
import { type MonoMs, now } from '../clock.ts';
import type { Broker } from './broker.ts';

export interface PeerMessage {
  t: MonoMs;
  topic: string;
  payload: Buffer;
  /** The payload as UTF-8 text. */
  text: string;
  qos: number;
  retain: boolean;
}

export interface WaitForMessageOptions {
  timeoutMs: number;
  /** Only messages received at or after this time (default: all kept so far). */
  since?: MonoMs;
  match?: (message: PeerMessage) => boolean;
}

export class PeerTimeoutError extends Error {
  override name = 'PeerTimeoutError';
  constructor(
    readonly topicFilter: string,
    readonly timeoutMs: number,
    readonly seen: readonly PeerMessage[],
  ) {
    const tail = seen.slice(-10).map((m) => `  ${m.t.toFixed(1)} ${m.topic} (qos ${m.qos}${m.retain ? ', retained' : ''}): ${m.text.slice(0, 80)}`);
    super(
      [
        `no message on ${topicFilter} within ${timeoutMs} ms; ${seen.length === 0 ? 'no messages were received' : `received ${seen.length}, the last ${tail.length}:`}`,
        ...tail,
      ].join('\n'),
    );
  }
}

export interface PeerOptions extends IClientOptions {
  /** How long to wait for the CONNACK (default 5000 ms). */
  connectTimeoutMs?: number;
}

export class Peer {
  readonly client: MqttClient;
  readonly messages: PeerMessage[] = [];
  private readonly waiters = new Set<(m: PeerMessage) => void>();

  private constructor(client: MqttClient) {
    this.client = client;
    client.on('message', (topic, payload, packet) => {
      const message: PeerMessage = {
        t: now(),
        topic,
        payload,
        text: payload.toString('utf8'),
        qos: packet.qos,
        retain: packet.retain,
      };
      this.messages.push(message);
      for (const waiter of [...this.waiters]) waiter(message);
    });
  }

  /** Connects to `target`: a Broker (past its gate) or an mqtt:// URL. */
  static async connect(target: Broker | string, options: PeerOptions = {}): Promise<Peer> {
    const { connectTimeoutMs = 5000, ...clientOptions } = options;
    const base: IClientOptions = {
      protocolVersion: 4,
      clientId: `hil-peer-${typeof target === 'string' ? 'url' : target.name}-${Math.random().toString(16).slice(2, 8)}`,
      reconnectPeriod: 1000,
      connectTimeout: connectTimeoutMs,
      ...clientOptions,
    };
    if (typeof target === 'string') return new Peer(await connectAsync(target, base));
    const client = new MqttClient(() => target.openInternalStream(), base);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`peer could not connect to the ${target.name} broker within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      const done = () => {
        clearTimeout(timer);
        client.off('connect', onConnect);
        client.off('error', fail);
      };
      const onConnect = () => {
        done();
        resolve();
      };
      function fail(err: Error): void {
        done();
        client.end(true);
        reject(err);
      }
      client.on('connect', onConnect);
      client.on('error', fail);
    });
    return new Peer(client);
  }

  async publish(topic: string, payload: string | Buffer, options: { qos?: 0 | 1 | 2; retain?: boolean } = {}): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: options.qos ?? 0, retain: options.retain ?? false });
  }

  /** Subscribes; resolves with the granted QoS per topic (128 = refused). */
  async subscribe(topicFilter: string, options: { qos?: 0 | 1 | 2 } = {}): Promise<number[]> {
    const granted = await this.client.subscribeAsync(topicFilter, { qos: options.qos ?? 0 });
    return granted.map((g) => g.qos);
  }

  async unsubscribe(topicFilter: string): Promise<void> {
    await this.client.unsubscribeAsync(topicFilter);
  }

  /** Messages kept so far whose topic matches `topicFilter` (MQTT wildcards allowed). */
  received(topicFilter: string, since: MonoMs = Number.NEGATIVE_INFINITY): PeerMessage[] {
    return this.messages.filter((m) => m.t >= since && topicMatches(topicFilter, m.topic));
  }

  /** Resolves with the first message (received or yet to come) on `topicFilter`. */
  waitForMessage(topicFilter: string, options: WaitForMessageOptions): Promise<PeerMessage> {
    const since = options.since ?? Number.NEGATIVE_INFINITY;
    const fits = (m: PeerMessage) => m.t >= since && topicMatches(topicFilter, m.topic) && (options.match?.(m) ?? true);
    const earlier = this.messages.find(fits);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter = (m: PeerMessage) => {
        if (!fits(m)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new PeerTimeoutError(topicFilter, options.timeoutMs, this.messages.filter((m) => m.t >= since)));
      }, options.timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/** MQTT topic filter matching: `+` one level, `#` the rest; `$` topics only match explicitly. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
