/**
 * api.js-sub-delivery — JS MQTT.sub (HIL.JS.Sub): every message the broker delivers on a
 * topic matching the filter, until the next boot, reaches the handler with the message's
 * own topic and payload (doc: "call given handler function when message arrives", with
 * "topic name, message"; impl: mgos_mqtt_sub's trampoline passes the PUBLISH's topic and
 * payload).
 *
 * Needs: see `needs` at the end of this file.
 */
import { topicMatches } from '../../model/subscriptions.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import type { Packet } from '../observe/connections.ts';
import { judgeCounted } from '../verdict.ts';
import { bootAfter, jsLines } from './js-events.ts';

const id = 'api.js-sub-delivery';
const source = cite('doc.js-sub.handler', 'impl.js-sub.trampoline');

export function run(obs: Observation): Verdict {
  const subs = obs.actionsOf('js-sub');
  const lines = jsLines(obs, 'js_msg');
  const used = new Set<unknown>();
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  let raced = 0;
  for (const d of obs.deliveries) {
    const p = d.packet;
    const topic = p.topic ?? '';
    if (p.dup) continue; // a redelivery may be acknowledged without a second call
    const sub = subs.find((s) => s.t <= p.t && p.t < bootAfter(obs, s.t) && topicMatches(s.topic, topic));
    if (sub === undefined) continue;
    // The timeline keeps a payload's first 256 characters.
    const call = lines.find(
      (l) => !used.has(l) && l.t >= p.t && l.event.msg.slice(0, 256) === p.payload && (p.payloadLength === undefined || l.event.len === p.payloadLength),
    );
    if (call === undefined && racedOwnDisconnect(d.connection.packets, p.t)) {
      // The board had already asked to disconnect: what reaches it then need not be read.
      evidence.push({ t: p.t, what: `broker delivered ${topic} as the board was disconnecting (its DISCONNECT next, nothing else): not judged` });
      raced++;
      continue;
    }
    judged++;
    evidence.push({ t: p.t, what: `broker delivered ${topic} (${p.payloadLength} bytes), JS sub ${sub.topic}` });
    if (call === undefined) {
      problems.push(`the message on ${topic} (JS sub ${sub.topic}) never reached MQTT.sub's handler`);
      observed.push({ topic, handler: null });
      continue;
    }
    used.add(call);
    evidence.push({ t: call.t, what: `MQTT.sub handler: ${call.event.topic} "${call.event.msg}"` });
    observed.push({ topic, handlerTopic: call.event.topic, msg: call.event.msg });
    if (call.event.topic !== topic) problems.push(`MQTT.sub's handler got topic "${call.event.topic}" for a message on "${topic}"`);
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} message(s) on JS-subscribed topics reached MQTT.sub's handler with their own topic and payload`,
    nothing: raced > 0 ? `the ${raced} message(s) delivered on JS-subscribed topics each crossed the board's own DISCONNECT` : 'no message was delivered on a topic subscribed with HIL.JS.Sub',
  }, { expected: "each delivered message, its topic and payload, in MQTT.sub's handler", observed, evidence, source });
}

/**
 * A delivery that crossed the board's own DISCONNECT: the next thing the board sent on that
 * connection was its DISCONNECT, so nothing shows it read the message before closing (the
 * library stops reading a connection it is closing; under load the two cross on the wire).
 */
function racedOwnDisconnect(packets: readonly Packet[], t: number): boolean {
  const next = packets.find((q) => q.dir === 'in' && q.t >= t);
  return next?.type === 'disconnect';
}

export const apiJsSubDelivery: CheckDefinition = {
  id,
  needs: '`js-sub` actions, broker PUBLISHes to the device on matching topics, and the `js_msg` lines of fs/init.js.',
  run,
};
