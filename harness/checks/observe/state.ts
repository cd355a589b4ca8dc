/** Client state the model derives from the scenario's actions: the QoS cap and the remembered subscriptions over time. */
import { qosCap, type QosCap, type QosChange } from '../../model/qos.ts';
import type { SubChange } from '../../model/subscriptions.ts';
import type { ActionOf, CheckInput, ScenarioAction } from '../input.ts';

/** The view behind `Observation.actionsOf(kind)`: one kind of action, by time. */
export function observeActions<K extends ScenarioAction['kind']>(input: CheckInput, kind: K): ActionOf<K>[] {
  return input.actions.filter((a): a is ActionOf<K> => a.kind === kind).sort((a, b) => a.t - b.t);
}

/** The view behind `Observation.cap`: the QoS cap over time. */
export function observeCap(input: CheckInput): QosCap {
  const changes: QosChange[] = [];
  for (const a of input.actions) {
    if (a.kind === 'set-max-qos') changes.push({ t: a.t, kind: 'override', qos: a.qos });
    if (a.kind === 'config' && a.mqtt?.max_qos !== undefined) changes.push({ t: a.t, kind: 'config', qos: a.mqtt.max_qos });
  }
  return qosCap(input.config.mqtt.max_qos, changes);
}

/** The view behind `Observation.subChanges`: the sub and unsub actions, as the model takes them. */
export function observeSubChanges(input: CheckInput): SubChange[] {
  const out: SubChange[] = [];
  for (const a of input.actions) {
    if (a.kind === 'sub') out.push(a.qos === undefined ? { t: a.t, kind: 'sub', topic: a.topic } : { t: a.t, kind: 'sub', topic: a.topic, qos: a.qos });
    if (a.kind === 'unsub') out.push({ t: a.t, kind: 'unsub', topic: a.topic });
  }
  return out;
}
