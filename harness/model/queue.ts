/**
 * The publish queue: QoS ≥ 1 publishes made while offline wait in a queue of at most
 * `max_queue_length` (oldest dropped; 0 disables the queue), QoS 0 ones are dropped.
 * After a reconnect the queue is replayed in order with the original ids and DUP = 1.
 *
 * The queue keys on the QoS that goes on the wire (min(requested, cap)): the model
 * follows the doc's transparent downgrade, so a publish downgraded to QoS 0 is neither
 * queued nor re-sent (the impl's queue jam is a defect). The cap is the one in force when
 * a packet is sent, replays included: an entry whose cap was lowered to 0 meanwhile is
 * sent once at QoS 0 with DUP = 0 and leaves the queue (the impl replays the QoS it
 * stored when queueing, also a defect: `impl.queue.replay-stored-qos`).
 */
import type { Qos } from './qos.ts';

export interface OfflinePub {
  packetId: number;
  topic: string;
  payload: string;
  /** QoS on the wire: min(requested, effective max). */
  qos: Qos;
}

export type DropReason = 'qos0-offline' | 'overflow' | 'queue-disabled';

export interface ReplayPlan {
  /** In replay order, each expected with DUP = 1 and its original packet id. */
  replayed: OfflinePub[];
  dropped: (OfflinePub & { reason: DropReason })[];
}

export function expectedReplay(offline: readonly OfflinePub[], maxQueueLength: number): ReplayPlan {
  const dropped: ReplayPlan['dropped'] = [];
  const queue: OfflinePub[] = [];
  for (const p of offline) {
    if (p.qos === 0) {
      dropped.push({ ...p, reason: 'qos0-offline' });
      continue;
    }
    if (maxQueueLength <= 0) {
      dropped.push({ ...p, reason: 'queue-disabled' });
      continue;
    }
    queue.push(p);
    if (queue.length > maxQueueLength) dropped.push({ ...queue.shift()!, reason: 'overflow' });
  }
  return { replayed: queue, dropped };
}

/** DUP on the wire: a first send 0, a replay 1; QoS 0 never 1. */
export function expectedDup(send: 'first' | 'replay', qos: number): boolean {
  return qos > 0 && send === 'replay';
}
