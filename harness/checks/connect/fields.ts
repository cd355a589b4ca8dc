/**
 * connect.fields — every CONNECT carries the fields the active config asks for: client
 * id (device.id when client_id is empty), protocol level 4, clean session, keep-alive
 * (0 → 60), user name and password presence, and the will only when topic and message
 * are both set, at QoS 0, retain per will_retain. While the test firmware's connect
 * callback is set (HIL.SetConnectFn) the CONNECT is the callback's: CONNECT_FN's user name
 * and keep-alive, the rest the library's; a connection whose connect overlapped the
 * HIL.SetConnectFn call could be either, and is not judged (observe/connect-fn.ts).
 *
 * Needs: see `needs` at the end of this file.
 */
import { expectedConnect, type ConnectField } from '../../model/connect.ts';
import type { SourceRef } from '../../model/sources.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'connect.fields';
const source = cite('doc.config.connect', 'impl.connect.client-id', 'impl.connect.fields', 'impl.connect.will');

export function run(obs: Observation): Verdict {
  const conns = obs.connections.filter((c) => c.connect?.connect && obs.connectFnOf(c).state !== 'unknown');
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const sources: SourceRef[] = [...source];
  const expected: unknown[] = [];
  const observed: unknown[] = [];
  for (const c of conns) {
    const got = c.connect!.connect!;
    const want = expectedConnect(obs.configAt(c.accept)[c.server], obs.board.deviceId, obs.connectFnOf(c).state === 'on');
    expected.push(want.fields);
    observed.push(got);
    evidence.push({ t: c.connect!.t, what: `${c.broker}#${c.conn} CONNECT ${JSON.stringify(got)}` });
    const field = (name: ConnectField, ok: boolean, shown: unknown, wanted: unknown) => {
      if (ok) return;
      problems.push(`${c.broker}#${c.conn} CONNECT ${name} ${JSON.stringify(shown)}, expected ${JSON.stringify(wanted)}`);
      sources.push(...want.source[name]);
    };
    const f = want.fields;
    field('clientId', got.clientId === f.clientId, got.clientId, f.clientId);
    field('protocolVersion', got.protocolVersion === f.protocolVersion, got.protocolVersion, f.protocolVersion);
    field('clean', got.clean === f.clean, got.clean, f.clean);
    field('keepalive', got.keepalive === f.keepalive, got.keepalive, f.keepalive);
    field('username', (got.username || undefined) === f.username, got.username, f.username);
    field('hasPassword', got.hasPassword === f.hasPassword, got.hasPassword, f.hasPassword);
    const w = got.will;
    const willOk = f.will === undefined ? w === undefined : w !== undefined && w.topic === f.will.topic && w.payload === f.will.payload && w.qos === 0 && w.retain === f.will.retain;
    field('will', willOk, w ?? null, f.will ?? null);
  }
  return judgeCounted(id, conns.length, problems, {
    pass: (n) => `${n} CONNECT packet(s) carried the configured fields`,
    nothing: 'no CONNECT packet was decoded by a gate',
  }, { expected, observed, evidence, source: sources });
}

export const connectFields: CheckDefinition = {
  id,
  needs:
    '≥ 1 CONNECT decoded by a gate (primary: mqtt fields, backup: mqtt1 fields) and the board\'s ' +
    'deviceId; `set-connect-fn` actions where the scenario set the connect callback.',
  run,
};
