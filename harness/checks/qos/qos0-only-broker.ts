/**
 * qos.qos0-only-broker — against a broker that cuts any QoS > 0 PUBLISH/SUBSCRIBE (AWS
 * Greengrass, gate fault `qos0-only`), a board with the cap at 0 stays connected and every
 * publish made after the downgrade arrives once, at QoS 0 with DUP = 0.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import { packetsOf, pubLabel } from '../observe/publishes.ts';
import { inFault } from '../observe/faults.ts';
import type { Observation } from '../observe/observation.ts';
import { judge, skip } from '../verdict.ts';

const id = 'qos.qos0-only-broker';
const source = cite('doc.max-qos.set', 'doc.max-qos.transparent', 'mqtt.dup.qos0', 'impl.qos.downgrade-queue-jam');

export function run(obs: Observation): Verdict {
  const cap = obs.cap;
  const windows = obs.faultWindows('qos0-only');
  if (windows.length === 0) return skip(id, 'no qos0-only fault in the slice', { source });
  const inWindow = (broker: string, t: number) => inFault(windows, broker, t);
  const conns = obs.connections.filter((c) => inWindow(c.broker, c.accept) || windows.some((w) => w.broker === c.broker && c.accept <= w.from && (c.close?.t ?? Number.POSITIVE_INFINITY) >= w.from));
  const isOn = (t: number) => conns.some((c) => c.accept <= t && (c.close?.t ?? Number.POSITIVE_INFINITY) > t && inWindow(c.broker, t));
  const pubs = obs.actionsOf('pub').filter((p) => cap.at(p.t) === 0 && p.connected && isOn(p.t));
  const evidence: Evidence[] = [];
  const problems: string[] = [];
  // Control: a QoS > 0 packet sent while the cap was above 0 must have been cut off.
  const control = conns.flatMap((c) =>
    c.packets.filter((p) => p.dir === 'in' && (p.type === 'publish' || p.type === 'subscribe') && inWindow(c.broker, p.t) && cap.at(p.t) > 0 && ((p.qos ?? 0) > 0 || (p.subscriptions ?? []).some((s) => s.qos > 0))).map((p) => ({ c, p })),
  );
  for (const { c, p } of control) {
    evidence.push({ t: p.t, what: `control: ${describePacket(p)}` });
    if (c.close?.by !== 'gate') return skip(id, 'the gate did not cut off a QoS > 0 packet sent before the downgrade: the qos0-only fault is not working', { source, evidence });
    evidence.push({ t: c.close.t, what: `control: ${c.broker}#${c.conn} cut off by the gate` });
  }
  for (const c of conns) {
    for (const p of c.packets) {
      if (p.dir !== 'in' || !inWindow(c.broker, p.t) || cap.at(p.t) !== 0) continue;
      const over = p.type === 'publish' ? (p.qos ?? 0) > 0 : p.type === 'subscribe' && (p.subscriptions ?? []).some((s) => s.qos > 0);
      if (over) {
        problems.push(`with the cap at 0 the device sent ${describePacket(p)}`);
        evidence.push({ t: p.t, what: describePacket(p) });
      }
    }
    if (c.close && c.close.by === 'gate' && cap.at(c.close.t) === 0 && inWindow(c.broker, c.close.t)) {
      problems.push(`cut off by the qos0-only broker while downgraded (${c.broker}#${c.conn} at ${c.close.t.toFixed(1)})`);
      evidence.push({ t: c.close.t, what: `${c.broker}#${c.conn} tcp.close by gate (${c.close.how})` });
    }
  }
  // Being cut off (or sending QoS > 0) while downgraded is judged even when no publish
  // could be made on a live connection: that board never stayed connected to try.
  if (pubs.length === 0 && problems.length === 0) {
    return skip(id, 'no publish was made with the cap at 0 while connected to the qos0-only broker', { source, evidence });
  }
  const packets = obs.publishes;
  for (const pub of pubs) {
    const got = packetsOf(pub, packets);
    evidence.push({ t: pub.t, what: pubLabel(pub) }, ...got.map((p) => ({ t: p.t, what: describePacket(p) })));
    if (got.length === 0) problems.push(`${pubLabel(pub)} never arrived`);
    else if (got.length > 1) problems.push(`${pubLabel(pub)} arrived ${got.length} times`);
    if (got.some((p) => p.qos === 0 && p.dup)) problems.push(`${pubLabel(pub)} went out as QoS 0 with DUP = 1`);
  }
  return judge(id, problems, `stayed connected with the cap at 0; ${pubs.length} publish(es) arrived once at QoS 0, DUP 0`, {
    expected: { connected: true, publishes: pubs.map((p) => ({ topic: p.topic, payload: p.payload, qos: 0, dup: false, copies: 1 })) },
    observed: { cutOff: conns.filter((c) => c.close?.by === 'gate').map((c) => `${c.broker}#${c.conn}`), publishes: pubs.map((p) => packetsOf(p, packets).map((x) => ({ qos: x.qos, dup: x.dup }))) },
    evidence,
    source,
  });
}

export const qosQos0OnlyBroker: CheckDefinition = {
  id,
  needs:
    'a `fault` event `qos0-only` on a broker; a cap of 0 (set-max-qos 0 or config max_qos 0); ' +
    '`pub` actions (unique payloads, QoS 1 among them) made while connected to that broker; ' +
    'observation past a keep-alive. Optional control: a QoS 1 publish before the downgrade, which ' +
    'the gate must cut off (if it does not, the fault is not working: skip).',
  run,
};
