/**
 * Which CONNECT the library should have sent on each connection: its own, or the one of
 * the firmware's connect callback (HIL.SetConnectFn). The library calls the callback at
 * the TCP connect of every connection while it is set (mgos_mqtt_ev, MG_EV_CONNECT); the
 * callback lives in RAM, so a boot unsets it. A `set-connect-fn` action takes effect at
 * some moment between its call and its reply: a connection whose TCP connect to CONNECT
 * overlaps that span could have gone either way, and is `unknown`.
 */
import type { ActionOf } from '../input.ts';
import type { Connection } from './connections.ts';

export type ConnectFnState = 'on' | 'off' | 'unknown';

export interface ConnectFnOfConnection {
  conn: Connection;
  state: ConnectFnState;
  /** The action whose callback (or NULL) was in force, if the scenario set one this boot. */
  action?: ActionOf<'set-connect-fn'>;
}

/** The view behind `Observation.connectFn`: one entry per connection, in accept order. */
export function observeConnectFn(
  connections: readonly Connection[],
  actions: readonly ActionOf<'set-connect-fn'>[],
  boots: readonly number[],
): ConnectFnOfConnection[] {
  return connections.map((conn) => {
    const from = conn.accept;
    const to = conn.connect?.t ?? conn.accept;
    const boot = [...boots].reverse().find((b) => b <= from) ?? Number.NEGATIVE_INFINITY;
    // Only what the firmware accepted on this boot counts (`applied`: it had a connection object).
    const thisBoot = actions.filter((a) => a.applied && a.t > boot);
    if (thisBoot.some((a) => a.t <= to && a.repliedAt >= from)) return { conn, state: 'unknown' as const };
    const inForce = thisBoot.filter((a) => a.repliedAt < from).at(-1);
    if (inForce === undefined) return { conn, state: 'off' as const };
    return { conn, state: inForce.mode, action: inForce };
  });
}
