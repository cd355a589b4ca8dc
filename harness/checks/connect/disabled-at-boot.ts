/**
 * connect.disabled-at-boot — a board booted with mqtt.enable false has no MQTT connection
 * object (mgos_mqtt_init makes it only when the key is true at boot), so it never opens a
 * socket to a broker until the next reboot: not at the Wi-Fi "IP acquired" event, not on
 * mgos_mqtt_global_connect (HIL.Connect), and not after a Config.Set of mqtt.enable true,
 * which the library reads only at boot. Judged from both views of an attempt (the gates'
 * accepts and the board's `connecting to` lines): each chance a board enabled at boot would
 * have taken at once — the IP line, each HIL.Connect — counts once the board was watched ε
 * after it, and any attempt in the slice fails the check.
 *
 * Needs: see `needs` at the end of this file.
 */
import { wifiIpAcquired } from '../../contract/wifi-log.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'connect.disabled-at-boot';
const source = cite('impl.connect.disabled-at-boot', 'impl.pub.disabled-at-boot');

export function run(obs: Observation): Verdict {
  if (obs.input.config.mqtt.enable) return nothingToJudge(id, 'the case needs a board booted with mqtt.enable false', { source });
  const watched = (t: number) => obs.deviceMs(obs.end - t) >= obs.board.epsilonMs;
  const chances: Evidence[] = [
    ...obs.logLines.filter((l) => wifiIpAcquired.test(l.message)).map((l) => ({ t: l.t, what: `the Wi-Fi station has its address: ${l.message}` })),
    ...obs.actionsOf('connect').map((a) => ({ t: a.t, what: 'HIL.Connect (mgos_mqtt_global_connect)' })),
  ].filter((c) => watched(c.t));
  const enabledLive = obs.actionsOf('config').filter((a) => a.mqtt?.enable === true);
  const attempts = obs.attempts;
  const problems = attempts.map((a) => {
    const where = a.connection ? `${a.connection.broker}#${a.connection.conn} accepted at the gate` : 'seen in its log only';
    const after = enabledLive.some((c) => c.t < a.start) ? ' after a Config.Set of mqtt.enable true, which the library reads only at boot' : '';
    return `an attempt to ${a.server} (${where})${after}: with mqtt.enable false at boot the library has no connection object and opens no socket until a reboot`;
  });
  return judgeCounted(id, chances.length, problems, {
    pass: (n) => `no attempt at ${n} chance(s) to connect (the IP event, HIL.Connect)${enabledLive.length > 0 ? `, ${enabledLive.length} Config.Set of mqtt.enable true among them` : ''}: mqtt.enable is read only at boot`,
    nothing: 'no IP event or HIL.Connect watched for ε afterwards',
  }, {
    expected: { attempts: 0, until: 'the next reboot' },
    observed: { attempts: attempts.map((a) => ({ server: a.server, atGate: a.connection !== undefined })), enabledLive: enabledLive.length },
    evidence: [...chances, ...enabledLive.map((a) => ({ t: a.t, what: 'Config.Set mqtt.enable true (no reboot)' })), ...attempts.flatMap((a) => a.evidence.slice(0, 2))],
    source,
  });
}

export const connectDisabledAtBoot: CheckDefinition = {
  id,
  needs: 'a board booted with mqtt.enable false, watched ε past its Wi-Fi IP line and past each HIL.Connect (and ideally a Config.Set of mqtt.enable true before one).',
  run,
};
