/**
 * keepalive.silent-broker — a broker that accepts TCP and never answers (gate fault
 * `blackhole`) holds the device ≈ 2 × keep_alive: PINGREQ at keep_alive after CONNECT,
 * then the device gives up and closes at 2 × keep_alive (up to ~2 s late), and the
 * schedule goes on.
 *
 * Needs: see `needs` at the end of this file.
 */
import { expectedKeepAliveS } from '../../model/connect.ts';
import { pingWindow, silentBrokerCloseWindow } from '../../model/keepalive.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import { describePacket } from '../observe/connections.ts';
import { inFault } from '../observe/faults.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'keepalive.silent-broker';
const source = cite('impl.keepalive.timeout', 'impl.keepalive.ping');

export function run(obs: Observation): Verdict {
  const end = obs.end;
  const eps = obs.board.epsilonMs;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  let window: [number, number] = [0, 0];
  const blackholes = obs.faultWindows('blackhole');
  if (blackholes.length === 0) return nothingToJudge(id, 'no blackhole fault in the slice', { source });
  for (const c of obs.connections) {
    if (!inFault(blackholes, c.broker, c.accept) || c.packets.some((p) => p.dir === 'out')) continue;
    if (c.close && c.close.by !== 'device') continue; // the gate or broker ended it: no evidence
    // The keep-alive the CONNECT announced: the config's, or the connect callback's (HIL.SetConnectFn).
    const fn = obs.connectFnOf(c).state;
    if (fn === 'unknown') continue;
    const keepAlive = expectedKeepAliveS(obs.configAt(c.accept)[c.server], fn === 'on');
    window = silentBrokerCloseWindow(keepAlive, eps);
    const from = c.connect?.t ?? c.accept;
    const held = obs.deviceMs((c.close?.t ?? end) - from);
    evidence.push({ t: from, what: c.connect ? describePacket(c.connect) : `${c.broker}#${c.conn} tcp.accept` });
    if (!c.close) {
      if (held <= window[1]) continue; // still within the window when the slice ended
      judged++;
      observed.push({ conn: `${c.broker}#${c.conn}`, heldMs: Math.round(held), closed: false });
      problems.push(`${c.broker}#${c.conn}: still holding the silent broker after ${fmt(held)}; expected a close within [${fmt(window[0])}, ${fmt(window[1])}]`);
      continue;
    }
    judged++;
    evidence.push({ t: c.close.t, what: `${c.broker}#${c.conn} tcp.close by device (${c.close.how})` });
    observed.push({ conn: `${c.broker}#${c.conn}`, heldMs: Math.round(held), closed: true });
    if (held < window[0] || held > window[1]) {
      problems.push(`${c.broker}#${c.conn}: gave up on the silent broker after ${fmt(held)}; expected ≈ 2 × keep_alive [${fmt(window[0])}, ${fmt(window[1])}]`);
    }
    const ping = c.packets.find((p) => p.dir === 'in' && p.type === 'pingreq');
    if (ping) {
      const [lo, hi] = pingWindow(keepAlive, eps);
      const at = obs.deviceMs(ping.t - from);
      evidence.push({ t: ping.t, what: describePacket(ping) });
      if (at < lo || at > hi) problems.push(`${c.broker}#${c.conn}: PINGREQ ${fmt(at)} after CONNECT; expected [${fmt(lo)}, ${fmt(hi)}]`);
    }
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} connection(s) to the silent broker given up after ≈ 2 × keep_alive`,
    nothing: 'no connection to a silent broker was observed until the device closed it (or past its window)',
  }, { expected: { closeAfterConnectMs: window }, observed, evidence, source });
}

export const keepaliveSilentBroker: CheckDefinition = {
  id,
  needs:
    'fault `blackhole` on a broker; a connection to it with no broker→device packet; observation ' +
    'until the device closes it (≥ 2 × keep_alive + 2 s device time).',
  run,
};
