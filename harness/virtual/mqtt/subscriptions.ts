/**
 * The remembered subscriptions. The library keeps them in a LIFO list (newest first) and
 * re-sends them in that order. Subscribing to the same topic twice keeps two entries, as the library does.
 */
import type { MessageHandler } from './mg-events.ts';
import { topicMatches } from './topic-match.ts';
import type { Qos } from './types.ts';

export interface Subscription {
  topic: string;
  /** QoS remembered at subscribe time (already capped by the max QoS then in force). */
  qos: Qos;
  /** Its own handler (JS MQTT.sub); without one, the firmware's C handler prints a `msg` line. */
  handler?: MessageHandler;
}

export class Subscriptions {
  readonly #newestFirst: Subscription[] = [];

  add(topic: string, qos: Qos, handler?: MessageHandler): Subscription {
    const s: Subscription = handler ? { topic, qos, handler } : { topic, qos };
    this.#newestFirst.unshift(s);
    return s;
  }

  /** Forgets the newest subscription with exactly this topic; returns it, or undefined. */
  remove(topic: string): Subscription | undefined {
    const i = this.#newestFirst.findIndex((s) => s.topic === topic);
    if (i < 0) return undefined;
    return this.#newestFirst.splice(i, 1)[0];
  }

  /** Newest first: the library's resubscription order. */
  list(): readonly Subscription[] {
    return this.#newestFirst;
  }

  /** Oldest first: the order they were made in. */
  topicsInOrderMade(): string[] {
    return this.#newestFirst.map((s) => s.topic).reverse();
  }

  matching(topic: string): Subscription[] {
    return this.#newestFirst.filter((s) => topicMatches(s.topic, topic));
  }
}
