/**
 * keepalive.ping — on a live session the device sends PINGREQ ≈ keep_alive after the last
 * packet it sent (up to ~1 s late for polling, never early), and never stays silent longer.
 *
 * Needs: see `needs` at the end of this file.
 */
import { expectedKeepAliveS } from '../../model/connect.ts';
import { pingWindow } from '../../model/keepalive.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'keepalive.ping';
const source = cite('impl.keepalive.ping', 'mqtt.keepalive');

export function run(obs: Observation): Verdict {
  const end = obs.end;
  const eps = obs.board.epsilonMs;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  let window: [number, number] = [0, 0];
  for (const s of obs.sessions) {
    // The keep-alive the CONNECT announced: the config's, or the connect callback's (HIL.SetConnectFn).
    const fn = obs.connectFnOf(s).state;
    if (fn === 'unknown') continue;
    const keepAlive = expectedKeepAliveS(obs.configAt(s.accept)[s.server], fn === 'on');
    window = pingWindow(keepAlive, eps);
    const [lo, hi] = window;
    const sent = s.packets.filter((p) => p.dir === 'in');
    for (let i = 1; i < sent.length; i++) {
      const p = sent[i]!;
      const gap = obs.deviceMs(p.t - sent[i - 1]!.t);
      if (p.type === 'pingreq') {
        judged++;
        observed.push({ session: `${s.broker}#${s.conn}`, pingAfterMs: Math.round(gap) });
        evidence.push({ t: sent[i - 1]!.t, what: `last sent: ${describePacket(sent[i - 1]!)}` }, { t: p.t, what: describePacket(p) });
        if (gap < lo || gap > hi) problems.push(`PINGREQ ${fmt(gap)} after the last packet sent; expected keep_alive ${keepAlive} s [${fmt(lo)}, ${fmt(hi)}]`);
      } else if (gap > hi) {
        judged++;
        evidence.push({ t: sent[i - 1]!.t, what: describePacket(sent[i - 1]!) }, { t: p.t, what: describePacket(p) });
        problems.push(`${s.broker}#${s.conn}: silent for ${fmt(gap)} without a PINGREQ (keep_alive ${keepAlive} s)`);
      }
    }
    const last = sent.at(-1);
    if (last && s.close?.by !== 'device') {
      const idle = obs.deviceMs((s.close?.t ?? end) - last.t);
      if (idle > hi) {
        judged++;
        evidence.push({ t: last.t, what: `last sent: ${describePacket(last)}` });
        problems.push(`${s.broker}#${s.conn}: no PINGREQ in ${fmt(idle)} after the last packet sent (keep_alive ${keepAlive} s)`);
      }
    }
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} keep-alive interval(s) pinged on time`,
    nothing: 'no session stayed idle for longer than keep_alive (+ 1 s) while observed',
  }, { expected: { pingAfterMs: window }, observed, evidence, source });
}

export const keepalivePing: CheckDefinition = {
  id,
  needs:
    'a session (gate CONNACK 0) kept idle for more than keep_alive + 1 s device time (a short ' +
    'keep_alive, e.g. 5 s, makes this quick), with the gate\'s device→broker packets.',
  run,
};
