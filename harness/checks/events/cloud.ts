/**
 * events.cloud — the Mongoose OS cloud events of the MQTT library, as the test firmware
 * prints them (`cloud` lines, one core event handler each), judged against the attempts
 * and sessions seen from the outside (gates and the library's own log lines):
 * - every attempt fires CONNECTING, whatever `cloud_events` says;
 * - an attempt that got CONNACK 0 fires CONNECTED, and that session's end DISCONNECTED,
 *   exactly when the active config's `cloud_events` is true; a refused CONNACK neither;
 * - CONNECTERROR fires for an attempt whose TCP or TLS connect failed (the board's
 *   `TCP connected error (n)` line, or no gate accepted it and the board logged no connect
 *   at all: then the missing line is a problem too) when `cloud_events` is true and the library is newer
 *   than 2.20.0 (told by its log wording), and never for an attempt that got as far as
 *   sending CONNECT (a CONNACK refusal included);
 * - each line carries the core's number for its event and the type MGOS_CLOUD_MQTT.
 *
 * The firmware prints its line right after the library's line of the same moment, on the
 * same serial stream, so lines are assigned to attempts by their order in that stream
 * (each attempt owns the lines from its `connecting to` to the next attempt's), not by
 * time: at a time scale of 20 two attempts can be 45 ms apart while a serial chunk may be
 * a second late. An attempt seen only at a gate (its `connecting to` line lost) makes the
 * attempt before it unjudgeable; a reboot ends a session without DISCONNECTED.
 *
 * Needs: see `needs` at the end of this file.
 */
import { type CloudEventName, cloudEventNumbers, MGOS_CLOUD_MQTT } from '../../contract/hil.ts';
import { type LibraryRelease, libraryReleaseOf } from '../../contract/library-log.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describeAttempt, type ObservedAttempt } from '../observe/attempts.ts';
import type { Observation } from '../observe/observation.ts';
import type { EventLine } from '../observe/serial.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'events.cloud';
const source = cite('impl.cloud-events', 'impl.cloud-events.connecterror', 'doc.cloud-events', 'impl.ws.handshake');

/**
 * Harness ms: a CONNACK or close this near the end of the input may have its line cut
 * off (the scenario stopped watching), so it is not required there.
 */
const TAIL_MS = 500;

type CloudLine = EventLine & { event: { ev: 'cloud'; name: CloudEventName; mgos_ev: number; type: number } };

/** Which release's wording the library's log uses: 2.20.0 has no CONNECTERROR. */
type Release = LibraryRelease;

function releaseOf(obs: Observation): Release | undefined {
  return libraryReleaseOf(obs.logLines.map((l) => l.message));
}

/** What one attempt must, may or must not show: `true` must, `false` must not, `undefined` not judged. */
interface Expectation {
  connected: boolean | undefined;
  disconnected: boolean | undefined;
  connecterror: boolean | undefined;
}

export function run(obs: Observation): Verdict {
  const lines = obs.eventLines.filter((l): l is CloudLine => l.event.ev === 'cloud');
  if (lines.length === 0) {
    return nothingToJudge(id, 'the firmware printed no cloud lines (a firmware without hil_cloud.c, or no attempt in the scenario)', { source });
  }
  const release = releaseOf(obs);
  const cloudEventsAt = (a: ObservedAttempt, t: number) => obs.configAt(t)[a.server === 'unknown' ? 'mqtt' : a.server].cloud_events;
  const rebootedBetween = (from: number, to: number) =>
    obs.boots.some((b) => b > from && b < to) || obs.actionsOf('reset').some((r) => r.t > from && r.t < to);

  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const expected: { attempt: string; connecting: 1; connected?: boolean; disconnected?: boolean; connecterror?: boolean }[] = [];
  const observed: { attempt: string; lines: CloudEventName[] }[] = [];

  for (const l of lines) {
    evidence.push({ t: l.t, what: l.text });
    if (l.event.mgos_ev !== cloudEventNumbers[l.event.name] || l.event.type !== MGOS_CLOUD_MQTT) {
      problems.push(`a ${l.event.name} line carries event ${l.event.mgos_ev} type ${l.event.type}, not the core's ${cloudEventNumbers[l.event.name]} with MGOS_CLOUD_MQTT (${MGOS_CLOUD_MQTT})`);
    }
  }

  const attempts = obs.attempts;
  let judged = 0;
  attempts.forEach((a, i) => {
    const next = attempts[i + 1];
    // Its lines run to the next attempt's `connecting to`; without that line (seen only at
    // a gate) the next attempt's lines would fall among this one's.
    if (a.serialSeq === undefined || (next !== undefined && next.serialSeq === undefined)) return;
    const from = a.serialSeq;
    const to = next?.serialSeq ?? Number.POSITIVE_INFINITY;
    const own = lines.filter((l) => l.seq > from && l.seq < to);
    const count = (name: CloudEventName) => own.filter((l) => l.event.name === name).length;
    const what = describeAttempt(a, i);
    const until = next?.start ?? obs.end;
    const section = obs.configAt(a.start)[a.server === 'unknown' ? 'mqtt' : a.server];
    const overWs = section.ws_enable;
    // A TLS handshake the peer cut short logs only `disconnected` (mgos_ssl_if_mbedtls.c: no
    // connect event), and its TCP connect did reach a gate, whose accept a busy host can keep
    // from pairing with the line (seen once in 50 stressed soak runs): over TLS (or WebSocket)
    // the gate's silence is no sign of a failed connect.
    const overTls = section.ssl_cert !== '' || section.ssl_ca_cert !== '' || section.ssl_psk_identity !== '';
    const { silentConnectFailure, ...rest } = a;
    const judgedAttempt: ObservedAttempt = overTls || overWs || silentConnectFailure === undefined ? rest : { ...rest, silentConnectFailure };
    const e = expectationOf(judgedAttempt, until, obs.end, release, cloudEventsAt, rebootedBetween, overWs);
    judged++;
    expected.push({ attempt: what, connecting: 1, ...definedOnly(e) });
    observed.push({ attempt: what, lines: own.map((l) => l.event.name) });
    evidence.push(...a.evidence);

    const silent = judgedAttempt.silentConnectFailure;
    if (silent) {
      problems.push(`${what}: no gate accepted its connect and it ended (${silent.text.trim()}), yet the board logged neither \`TCP connected ok\` nor \`TCP connected error (n)\`: the library logs every failed connect`);
      evidence.push({ t: silent.t, what: silent.text });
    }
    if (count('connecting') !== 1) problems.push(`${what}: ${count('connecting')} CONNECTING event(s), expected 1 (it fires on every attempt, whatever cloud_events says)`);
    const judge = (name: Exclude<CloudEventName, 'connecting'>, want: boolean | undefined, why: string) => {
      const n = count(name);
      // Where a line may be cut off (want undefined), one or none may come; never two: the library fires each at most once an attempt.
      if (want === undefined) {
        if (n > 1) problems.push(`${what}: ${n} ${name.toUpperCase()} events, expected at most 1 (the library fires it at most once an attempt)`);
        return;
      }
      if (want && n !== 1) problems.push(`${what}: ${n} ${name.toUpperCase()} event(s), expected 1 (${why})`);
      if (!want && n > 0) problems.push(`${what}: ${name.toUpperCase()} fired, expected none (${why})`);
    };
    const sessionWhy = (on: boolean | undefined) => (a.connackCode !== 0 ? `no CONNACK 0${a.connackCode !== undefined ? `: CONNACK ${a.connackCode} is a refusal` : ''}` : `cloud_events ${on ? 'true' : 'false'}`);
    judge('connected', e.connected, sessionWhy(e.connected));
    judge('disconnected', e.disconnected, sessionWhy(e.disconnected));
    judge(
      'connecterror',
      e.connecterror,
      (a.connectError ?? silent) !== undefined
        ? `${(a.connectError ?? silent)!.text.trim()}; cloud_events ${e.connecterror ? 'true' : 'false'}${release === '2.20.0' ? ', release 2.20.0 has no CONNECTERROR' : e.connecterror ? '; a firmware prints it only if built with HIL_CLOUD_CONNECTERROR=1' : ''}`
        : 'the connect succeeded: the device sent CONNECT',
    );
  });

  return judgeCounted(id, judged, problems, {
    pass: (n) => `the cloud events of all ${n} attempt(s) are the library's (${release === undefined ? 'release not told by the log' : release === '2.20.0' ? 'release 2.20.0: no CONNECTERROR' : 'after 2.20.0'})`,
    nothing: 'no attempt whose `connecting to` line the board printed',
  }, {
    expected,
    observed: { release: release ?? null, attempts: observed },
    evidence,
    source,
  });
}

function expectationOf(
  a: ObservedAttempt,
  until: number,
  end: number,
  release: Release | undefined,
  cloudEventsAt: (a: ObservedAttempt, t: number) => boolean,
  rebootedBetween: (from: number, to: number) => boolean,
  overWs: boolean,
): Expectation {
  const e: Expectation = { connected: undefined, disconnected: undefined, connecterror: undefined };
  if (a.connackCode !== undefined && a.connackCode !== 0) {
    // A refused CONNACK: the session never counted as up, whatever the setting.
    e.connected = false;
    e.disconnected = false;
  } else if (a.connackCode === 0) {
    const at = a.deviceConnack?.t ?? a.connection?.connack?.t ?? a.start;
    // Required only where the device logged the CONNACK 0 (a gate's CONNACK can be cut off by
    // a reset before the board reads it) and its line cannot have been cut off at the end.
    const on = cloudEventsAt(a, at);
    e.connected = !on ? false : a.deviceConnack?.code === 0 && at <= end - TAIL_MS ? true : undefined;
    if (a.end !== undefined && !rebootedBetween(a.start, until)) {
      const onAtEnd = cloudEventsAt(a, a.end);
      e.disconnected = !onAtEnd ? false : a.deviceConnack?.code === 0 && a.end <= end - TAIL_MS ? true : undefined;
    } else if (!cloudEventsAt(a, a.end ?? until)) {
      e.disconnected = false;
    }
  } else if (a.outcome === 'fail' || a.connection?.connect !== undefined) {
    // No CONNACK 0 ever reached it: neither CONNACK event.
    e.connected = false;
    e.disconnected = false;
  }
  const connectError = a.connectError ?? a.silentConnectFailure;
  if (connectError !== undefined && a.connection?.connect === undefined) {
    // Over WebSocket the TCP connect is mgos_mqtt_ws_ev's, which logs it and triggers no cloud event (impl.ws.handshake).
    // Required only where its line cannot have been cut off at the end (it follows the error line).
    const fires = overWs ? false : release === undefined ? undefined : release === 'later' && cloudEventsAt(a, a.start);
    e.connecterror = fires === true && connectError.t > end - TAIL_MS ? undefined : fires;
  } else if (a.connection?.connect !== undefined || a.connackCode !== undefined) {
    e.connecterror = false;
  }
  return e;
}

function definedOnly(e: Expectation): Partial<Record<keyof Expectation, boolean>> {
  const out: Partial<Record<keyof Expectation, boolean>> = {};
  for (const k of ['connected', 'disconnected', 'connecterror'] as const) if (e[k] !== undefined) out[k] = e[k];
  return out;
}

export const eventsCloud: CheckDefinition = {
  id,
  needs: 'the board\'s `connecting to` lines and the gates\' connections (attempts), CONNACKs and closes, and the firmware\'s `cloud` lines; config actions if `cloud_events` changes.',
  run,
};
