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
  for (const d of obs.deliveries) {
    const p = d.packet;
    const topic = p.topic ?? '';
    if (p.dup) continue; // a redelivery may be acknowledged without a second call
    const sub = subs.find((s) => s.t <= p.t && p.t < bootAfter(obs, s.t) && topicMatches(s.topic, topic));
    if (sub === undefined) continue;
    judged++;
    // The timeline keeps a payload's first 256 characters.
    const call = lines.find(
      (l) => !used.has(l) && l.t >= p.t && l.event.msg.slice(0, 256) === p.payload && (p.payloadLength === undefined || l.event.len === p.payloadLength),
    );
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
    nothing: 'no message was delivered on a topic subscribed with HIL.JS.Sub',
  }, { expected: "each delivered message, its topic and payload, in MQTT.sub's handler", observed, evidence, source });
}

export const apiJsSubDelivery: CheckDefinition = {
  id,
  needs: '`js-sub` actions, broker PUBLISHes to the device on matching topics, and the `js_msg` lines of fs/init.js.',
  run,
};
