/**
 * api.unsent-bytes — mgos_mqtt_num_unsent_bytes (HIL.Status's unsent_bytes) while no
 * session has been up since boot: the payload bytes of the queued QoS ≥ 1 publishes (the
 * newest max_queue_length of them), the socket having nothing to send (impl:
 * mgos_mqtt_conn_num_unsent_bytes adds the queue's payload lengths and the socket's send
 * buffer; mgos_mqtt.h: "Returns number of pending bytes to send").
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.unsent-bytes';
const source = cite('impl.unsent-bytes', 'doc.unsent-bytes');

export function run(obs: Observation): Verdict {
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  const pubs = [...obs.actionsOf('pub'), ...obs.actionsOf('js-pub')].sort((a, b) => a.t - b.t);
  for (const st of obs.actionsOf('status')) {
    if (st.connected) continue;
    const boot = [...obs.boots].reverse().find((b) => b <= st.t) ?? Number.NEGATIVE_INFINITY;
    // Only a boot without any session yet: no acknowledgement has taken anything out of the queue.
    if (obs.sessions.some((s) => s.connack !== undefined && s.connack.t > boot && s.connack.t < st.t)) continue;
    const { mqtt } = obs.configAt(st.t);
    if (mqtt.max_qos < 1 || !mqtt.enable) continue; // a capped publish is the queue-jam defect's business
    const offline = pubs.filter((p) => p.t > boot && p.t < st.t && p.qos > 0);
    const kept = mqtt.max_queue_length > 0 ? offline.slice(-mqtt.max_queue_length) : [];
    const expected = kept.reduce((sum, p) => sum + Buffer.byteLength(p.payload, 'utf8'), 0);
    judged++;
    observed.push({ unsentBytes: st.unsentBytes, expected, queued: kept.length });
    evidence.push({ t: st.t, what: `HIL.Status unsent_bytes ${st.unsentBytes} with ${kept.length} publish(es) queued (${expected} payload bytes)` });
    if (st.unsentBytes !== expected) {
      problems.push(`unsent_bytes ${st.unsentBytes} with ${kept.length} queued publish(es) of ${expected} payload bytes and no socket; expected ${expected}`);
    }
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} reading(s) of mgos_mqtt_num_unsent_bytes equalled the queued payload bytes`,
    nothing: 'no HIL.Status was recorded offline before a first session (scenario.recordStatus)',
  }, { expected: 'the payload bytes of the queued QoS ≥ 1 publishes', observed, evidence, source });
}

export const apiUnsentBytes: CheckDefinition = {
  id,
  needs: '`status` actions taken offline before the boot\'s first session, and the `pub`/`js-pub` actions before them.',
  run,
};
