/**
 * The remembered subscriptions. The library keeps them in a LIFO list (newest first) and
 * re-sends them in that order. Subscribing to the same topic twice keeps two entries, as the library does.
 */
import type { MessageHandler, RawHandler } from './mg-events.ts';
import { topicMatches } from './topic-match.ts';
import type { Qos } from './types.ts';

export interface Subscription {
  topic: string;
  /** QoS remembered at subscribe time (already capped by the max QoS then in force). */
  qos: Qos;
  /** Its own handler (JS MQTT.sub); without one, the firmware's C handler prints a `msg` line. */
  handler?: MessageHandler;
  /** A raw mg_event_handler_t (HIL.RawSub through mgos_mqtt_global_subscribe): told of events, not only messages. */
  raw?: RawHandler;
  /**
   * The packet id of its latest SUBSCRIBE (the library's `sub_id`, renewed at every
   * re-subscription): the SUBACK with this id is handed to this subscription's handler.
   */
  subId?: number;
}

export class Subscriptions {
  readonly #newestFirst: Subscription[] = [];

  add(topic: string, qos: Qos, handler?: MessageHandler, raw?: RawHandler): Subscription {
    const s: Subscription = { topic, qos, ...(handler ? { handler } : {}), ...(raw ? { raw } : {}) };
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

  /** The subscriptions whose latest SUBSCRIBE had this packet id (call_topic_handler's SUBACK test). */
  withSubId(packetId: number): Subscription[] {
    return this.#newestFirst.filter((s) => s.subId === packetId);
  }

  matching(topic: string): Subscription[] {
    return this.#newestFirst.filter((s) => topicMatches(s.topic, topic));
  }
}
