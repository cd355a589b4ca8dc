/**
 * The scenario's own actions, in the order they happened, each stamped on the harness
 * clock: the one way an action gets into the check input. Reading never changes it.
 */
import { now, type MonoMs } from '../clock.ts';
import type { Peer } from '../brokers/peer.ts';
import type { ScenarioAction } from '../checks/input.ts';
import type { BrokerName } from '../timeline/events.ts';

type Distribute<T> = T extends unknown ? Omit<T, 't'> : never;
export type ActionInput = Distribute<ScenarioAction>;

export class ActionRecorder {
  readonly #actions: ScenarioAction[] = [];

  /** Records an action at `t` (default now; a call's action is stamped when the call was made, not answered). */
  record(action: ActionInput, t: MonoMs = now()): ScenarioAction {
    const stamped = { ...action, t } as ScenarioAction;
    this.#actions.push(stamped);
    return stamped;
  }

  get actions(): readonly ScenarioAction[] {
    return this.#actions;
  }

  /**
   * The actions with what the peers received since `since` merged in, sorted by time —
   * a new array each call, so asking twice gives the same answer.
   */
  withPeerReceived(peers: Record<BrokerName, Peer>, since: MonoMs): ScenarioAction[] {
    const received: ScenarioAction[] = (['primary', 'backup'] as const).flatMap((broker) =>
      peers[broker].received('#', since).map(
        (m): ScenarioAction => ({ kind: 'peer-received', t: m.t, broker, topic: m.topic, payload: m.text, qos: m.qos, retain: m.retain }),
      ),
    );
    return [...this.#actions, ...received].sort((a, b) => a.t - b.t);
  }
}
