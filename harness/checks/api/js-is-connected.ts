/**
 * api.js-is-connected — JS MQTT.isConnected (HIL.JS.IsConnected) answers whether the
 * session is up (doc: "true if MQTT connection is up, false otherwise"; impl:
 * mgos_mqtt_global_is_connected), judged against HIL.Status's C answer, taken just before
 * and after the call and the same both times.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.js-is-connected';
const source = cite('doc.js-is-connected', 'impl.js-is-connected');

export function run(obs: Observation): Verdict {
  const calls = obs.actionsOf('js-is-connected');
  const problems = calls
    .filter((c) => c.result !== c.connected)
    .map((c) => `MQTT.isConnected returned ${c.result} while the session was ${c.connected ? 'up' : 'down'}`);
  return judgeCounted(id, calls.length, problems, {
    pass: (n) => `${n} MQTT.isConnected call(s) answered the session's state (up and down)`,
    nothing: 'MQTT.isConnected was never called (record HIL.JS.IsConnected)',
  }, {
    expected: 'the session state HIL.Status reported around the call',
    observed: calls.map((c) => ({ result: c.result, connected: c.connected })),
    evidence: calls.map((c) => ({ t: c.t, what: `MQTT.isConnected → ${c.result} (session ${c.connected ? 'up' : 'down'})` })),
    source,
  });
}

export const apiJsIsConnected: CheckDefinition = {
  id,
  needs: '`js-is-connected` actions: what HIL.JS.IsConnected returned and the session state around the call.',
  run,
};
