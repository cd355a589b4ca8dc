/**
 * tls.default-port — a server without a port is dialled at 8883 when ssl_ca_cert is set,
 * at 1883 otherwise, as the board's `MQTT0 connecting to host:port` line shows (nothing
 * need listen there: the line is printed before the TCP connect).
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import { expectedDial } from '../../model/tls.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { mqttLog } from '../observe/serial.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'tls.default-port';
const source = cite('impl.tls.default-port', 'doc.tls.ca-cert');

function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

export function run(obs: Observation): Verdict {
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const judged: { t: number; expected: string; dialled: string }[] = [];
  for (const l of obs.logLines) {
    const m = mqttLog.connectingTo.exec(l.message);
    if (!m) continue;
    const dialled = m[1]!;
    const configs = obs.configAt(l.t);
    const section = [configs.mqtt, configs.mqtt1].find((s) => expectedDial(s) !== null && s.server === hostOf(dialled));
    if (!section) continue;
    const expected = expectedDial(section)!;
    judged.push({ t: l.t, expected, dialled });
    evidence.push({ t: l.t, what: l.text });
    if (dialled !== expected) {
      problems.push(`the board dialled ${dialled} for server "${section.server}"${section.ssl_ca_cert !== '' ? ' with ssl_ca_cert set' : ''}; the library adds ${expected.slice(expected.lastIndexOf(':') + 1)}`);
    }
  }
  return judgeCounted(id, judged.length, problems, {
    pass: (n) => `${n} attempt(s) to a server without a port dialled the library's default port`,
    nothing: 'no "MQTT0 connecting to" line for a server configured without a port',
  }, { expected: judged.map((j) => j.expected), observed: judged.map((j) => j.dialled), evidence, source });
}

export const tlsDefaultPort: CheckDefinition = {
  id,
  needs: 'a server configured without a port, and the board\'s "connecting to" lines',
  run,
};
