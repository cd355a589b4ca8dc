/**
 * events.global-handler — the connection handlers (mgos_mqtt_add_global_handler: the test
 * firmware registers one at boot, hil_mqtt.c) are called for the broker's PUBACK and
 * UNSUBACK, as mgos_mqtt_ev passes them on (impl: `call_conn_handlers` for PUBACK after
 * the queue removal, for UNSUBACK as is). Judged from the gate: each PUBACK the broker sent
 * must reach the handler as a `puback` line with its packet id, each UNSUBACK as an
 * `unsuback` line with packet id 0 (mongoose 6.18's parser reads no packet id from an
 * UNSUBACK, so handlers see 0). An event whose line may not have been printed yet (the end
 * of the input, a reboot or reset right after it, its connection cut before the device
 * can have read it) is not required.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import { settleMs } from '../host-load.ts';
import type { Observation } from '../observe/observation.ts';
import type { EventLine } from '../observe/serial.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'events.global-handler';
const source = cite('impl.global-handler-events', 'doc.global-handler');

/** Harness ms a handler's line may precede the gate's record of the packet (two streams, each stamped on arrival). */
const EARLY_MS = 500;
/*
 * Within settleMs() after the packet, the end of the input, a reboot, a reset or the
 * connection's close (a reset discards what was not read) may have kept its line from being
 * printed or read: the device prints as it reads the packet.
 */

type HandlerLine = EventLine & { event: { ev: 'puback' | 'unsuback'; packet_id: number } };

export function run(obs: Observation): Verdict {
  const lines = obs.eventLines.filter((l): l is HandlerLine => l.event.ev === 'puback' || l.event.ev === 'unsuback');
  const resets = [...obs.boots, ...obs.actionsOf('reset').map((a) => a.t)];
  const used = new Set<EventLine>();
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  let judged = 0;
  const packets = obs.connections.flatMap((c) => c.packets.filter((p) => p.dir === 'out' && (p.type === 'puback' || p.type === 'unsuback')).map((p) => ({ c, p })));
  for (const { c, p } of packets.sort((a, b) => a.p.t - b.p.t)) {
    const ev = p.type as 'puback' | 'unsuback';
    const wantId = ev === 'unsuback' ? 0 : (p.packetId ?? 0);
    const line = lines.find((l) => !used.has(l) && l.event.ev === ev && l.event.packet_id === wantId && l.t >= p.t - EARLY_MS);
    if (line) {
      used.add(line);
      judged++;
      evidence.push({ t: p.t, what: describePacket(p) }, { t: line.t, what: `handler called with ${ev} ${wantId}` });
      continue;
    }
    const settle = settleMs(obs.board.hostLagMs);
    const within = (t: number | undefined) => t !== undefined && t >= p.t && t - p.t < settle;
    if (obs.end - p.t < settle || resets.some(within) || within(c.close?.t)) continue;
    judged++;
    evidence.push({ t: p.t, what: describePacket(p) });
    problems.push(`${describePacket(p)}, but the connection handlers were never called with ${ev.toUpperCase()} (no "${ev}" line with packet id ${wantId})`);
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `the connection handlers were called for all ${n} PUBACK/UNSUBACK packet(s) of the broker`,
    nothing: 'no PUBACK or UNSUBACK from the broker with time for the handler\'s line',
  }, {
    expected: { linePerPacket: true, unsubackPacketId: 0 },
    observed: { packets: packets.length, lines: lines.length },
    evidence,
    source,
  });
}


export const eventsGlobalHandler: CheckDefinition = {
  id,
  needs: "the gate's broker→device PUBACK or UNSUBACK packets, and the firmware's `puback` / `unsuback` lines (hil_mqtt.c's global handler).",
  run,
};
