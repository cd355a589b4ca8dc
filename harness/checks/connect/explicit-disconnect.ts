/**
 * connect.explicit-disconnect — an explicit disconnect (HIL.Disconnect:
 * mgos_mqtt_global_disconnect → mgos_mqtt_conn_disconnect) of a connection whose CONNECT
 * went out sends MQTT DISCONNECT before the socket closes (impl: mg_mqtt_disconnect, then
 * MG_F_SEND_AND_CLOSE). Without it the broker takes the close for a lost board and
 * publishes the will [MQTT-3.1.2-8]. Judged from the gate: after each `disconnect` action,
 * the connection that was open with the device's CONNECT on it must carry a DISCONNECT
 * from the device before it closes (or before the input ends, once the connection stayed
 * up ε). Only a connection whose CONNECT reached the gate before the action is judged:
 * the board sends CONNECT once its socket is connected, so it was past that when it took
 * the request; one still opening its socket closes it without a word.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket, isOpenAt } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';
import { settleMs } from '../host-load.ts';

const id = 'connect.explicit-disconnect';
const source = cite('impl.explicit-disconnect', 'mqtt.will');


export function run(obs: Observation): Verdict {
  // A DISCONNECT's stamp may precede the action's by the two stamping paths' spread.
  const settle = settleMs(obs.board.hostLagMs);
  const end = obs.end;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  let judged = 0;
  for (const action of obs.actionsOf('disconnect')) {
    const c = obs.connections.find((x) => isOpenAt(x, action.t) && x.connect !== undefined && x.connect.t < action.t);
    if (!c) continue;
    const disconnect = c.packets.find((p) => p.dir === 'in' && p.type === 'disconnect' && p.t >= action.t - settle);
    const closedAt = c.close?.t;
    if (!disconnect && closedAt === undefined && obs.deviceMs(end - action.t) < obs.board.epsilonMs) continue;
    judged++;
    evidence.push({ t: action.t, what: `HIL.Disconnect with ${c.broker}#${c.conn} open` });
    if (disconnect) {
      evidence.push({ t: disconnect.t, what: describePacket(disconnect) });
      continue;
    }
    problems.push(
      closedAt !== undefined
        ? `${c.broker}#${c.conn} closed (${c.close!.by}, ${c.close!.how}) after HIL.Disconnect with no DISCONNECT from the device: the broker takes it for a lost board and publishes the will`
        : `no DISCONNECT on ${c.broker}#${c.conn} after HIL.Disconnect, and the connection still open`,
    );
    if (closedAt !== undefined) evidence.push({ t: closedAt, what: `${c.broker}#${c.conn} closed by the ${c.close!.by}` });
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} explicit disconnect(s), each with DISCONNECT sent before the close`,
    nothing: 'no HIL.Disconnect of a connection whose CONNECT had gone out',
  }, {
    expected: { disconnectBeforeClose: true },
    observed: { judged, problems: problems.length },
    evidence,
    source,
  });
}

export const connectExplicitDisconnect: CheckDefinition = {
  id,
  needs: 'a `disconnect` action while a connection with the device\'s CONNECT is open at the gate, and the device→broker packets and close after it.',
  run,
};
