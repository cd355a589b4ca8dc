/**
 * debug.console-topics — with `debug.stdout_topic` / `debug.stderr_topic` set, the MQTT
 * library publishes what the board writes to its console (impl: mgos_mqtt.c's log
 * handler; framing in harness/contract/debug-log.ts): LOG lines on stderr, the
 * firmware's printf'd `HIL {…}` lines on stdout.
 *
 * Judged from the outside, the serial view saying *what* was printed and the gate
 * *whether* it was published:
 * - every device PUBLISH on a configured topic is framed `<device.id> <seq> <mg_time>
 *   <n>|<bytes>`, at QoS 0 without retain, with this board's id, `n` the fd (1 stdout,
 *   2 stderr) — or, with mqtt.debug_use_log_level in a library after 2.20.0 (told by its
 *   log wording), 0 for stderr and −1 (LL_NONE, a print) for stdout — and one `seq` for
 *   both streams that only grows within a boot (gaps are writes dropped offline);
 * - every console line printed while a session was up and the stream's topic set reaches
 *   the broker on that topic: the published bytes of a stream, joined in `seq` order and
 *   cut at newlines, hold the line (a board may split one line over several writes).
 *   Where that holds is told by the board's own serial order where it can be: after the
 *   session's `MQTT0 CONNACK 0` line (logged before the library counts itself connected)
 *   and after the `Config.Set via …` line of the call that set the topic (logged before
 *   the handler applies it), up to and including that of the call that unset it; by time
 *   where no such line is seen, and EDGE_MS clear of a close (a line printed just before
 *   the cut may be lost with the socket) and of the slice's end. LL_DEBUG library lines
 *   are exempt: the core raises no log event above debug.event_level (LL_INFO).
 * A published line the serial view lacks is only counted: the UART drops output while an
 * RPC reply is sent, the log event does not.
 *
 * Not judged: the 2048-unsent-bytes pushback (keep traffic small while judging), the
 * MAC-placeholder expansion at boot.
 *
 * Needs: see `needs` at the end of this file.
 */
import {
  type ConsoleStream,
  expectedLevelField,
  parseConsolePublish,
  STREAM_FD,
} from '../../contract/debug-log.ts';
import { libraryLineKind, libraryReleaseOf, logMessageOf } from '../../contract/library-log.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'debug.console-topics';
const source = cite('doc.debug-topics', 'impl.debug-topics', 'doc.debug-use-log-level', 'impl.debug-use-log-level');

const STREAMS: readonly ConsoleStream[] = ['stdout', 'stderr'];

/** Harness ms kept clear of a session's edges and of a topic change: lines there may fall either side. */
export const EDGE_MS = 500;

/** Library lines logged at LL_DEBUG: above debug.event_level, never published. */
const DEBUG_LEVEL_KINDS = new Set(['pub', 'ack', 'queueDrained', 'sendPingreq', 'pingTimeout']);

/** A place in the serial stream: a line's position where the board printed a marker, else a harness stamp. */
type Bound = { seq: number } | { t: number };

interface TopicSpan {
  stream: ConsoleStream;
  topic: string;
  /** Harness ms of the config actions (the span of publishes on the topic). */
  from: number;
  to: number;
  /** Lines strictly after `start` and at or before `end` were printed with the topic set. */
  start: Bound;
  end: Bound;
}

interface SerialPlace {
  t: number;
  seq: number;
}

function after(line: SerialPlace, b: Bound): boolean {
  return 'seq' in b ? line.seq > b.seq : line.t >= b.t;
}

function atOrBefore(line: SerialPlace, b: Bound): boolean {
  return 'seq' in b ? line.seq <= b.seq : line.t <= b.t;
}

const CONFIG_SET_LINE = /^Config\.Set via /;

/** rpc-common's `Config.Set via …` line of the call made at `t` (the first at or after it), before which the handler had not run. */
function configSetLine(obs: Observation, t: number): SerialPlace | undefined {
  return obs.logLines.find((l) => l.t >= t && CONFIG_SET_LINE.test(l.message));
}

/** When each stream's topic was set, from the scenario's `config` actions (unset before the first). */
function topicSpans(obs: Observation): TopicSpan[] {
  const spans: TopicSpan[] = [];
  const open: Partial<Record<ConsoleStream, { topic: string; from: number; start: Bound }>> = {};
  const changes = obs.actionsOf('config').filter((a) => a.debug !== undefined).sort((a, b) => a.t - b.t);
  for (const a of changes) {
    const marker = configSetLine(obs, a.t);
    for (const stream of STREAMS) {
      const topic = a.debug?.[`${stream}_topic`];
      if (topic === undefined) continue;
      const cur = open[stream];
      if (cur) spans.push({ stream, ...cur, to: a.t, end: marker ? { seq: marker.seq } : { t: a.t } });
      open[stream] = topic === '' ? undefined : { topic, from: a.t, start: marker ? { seq: marker.seq } : { t: a.t + EDGE_MS } };
    }
  }
  for (const stream of STREAMS) {
    const cur = open[stream];
    if (cur) spans.push({ stream, ...cur, to: obs.end, end: { t: obs.end - EDGE_MS } });
  }
  return spans;
}

/** The session's stretch of the serial stream: after its `MQTT0 CONNACK 0` line, until EDGE_MS before the close (none while it lasts). */
function sessionBounds(obs: Observation, c: Observation['sessions'][number]): { start: Bound; end: Bound | undefined } {
  const at = c.connack?.t ?? c.accept;
  const line = obs.logLines.find((l) => l.t >= at && /^MQTT0 CONNACK 0$/.test(l.message));
  return { start: line ? { seq: line.seq } : { t: at + EDGE_MS }, end: c.close ? { t: c.close.t - EDGE_MS } : undefined };
}

interface Piece {
  packet: Packet;
  stream: ConsoleStream;
  boot: number;
  seq: number;
  data: string;
  cut: boolean;
}

interface PublishedLine {
  text: string;
  /** Cut (the timeline keeps 256 characters, or the stream ended mid-line): a prefix of the line. */
  prefix: boolean;
  t: number;
  used: boolean;
}

function bootOf(obs: Observation, t: number): number {
  return obs.boots.filter((b) => b <= t).length;
}

/** A stream's published bytes, joined in seq order within each boot and cut at newlines. */
function publishedLines(pieces: readonly Piece[]): PublishedLine[] {
  const out: PublishedLine[] = [];
  const byBoot = new Map<number, Piece[]>();
  for (const p of pieces) byBoot.set(p.boot, [...(byBoot.get(p.boot) ?? []), p]);
  for (const list of byBoot.values()) {
    let buf = '';
    let t = 0;
    for (const p of [...list].sort((a, b) => a.seq - b.seq)) {
      if (buf === '') t = p.packet.t;
      buf += p.data;
      if (p.cut) {
        out.push({ text: buf, prefix: true, t, used: false });
        buf = '';
        continue;
      }
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        out.push({ text: buf.slice(0, nl).replace(/\r$/, ''), prefix: false, t, used: false });
        buf = buf.slice(nl + 1);
        t = p.packet.t;
        nl = buf.indexOf('\n');
      }
    }
    if (buf !== '') out.push({ text: buf, prefix: true, t, used: false });
  }
  return out;
}

function take(lines: PublishedLine[], text: string): PublishedLine | undefined {
  const line = lines.find((l) => !l.used && (l.prefix ? l.text !== '' && text.startsWith(l.text) : l.text === text));
  if (line) line.used = true;
  return line;
}

export function run(obs: Observation): Verdict {
  const spans = topicSpans(obs);
  if (spans.length === 0) {
    return nothingToJudge(id, 'no config action set debug.stdout_topic or debug.stderr_topic (scenario.configure({ debug: … }))', { source });
  }
  const release = libraryReleaseOf(obs.logLines.map((l) => l.message));
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  let judged = 0;

  // ── what reached the gate on the configured topics ──
  const pieces: Piece[] = [];
  let lastSeq: { boot: number; seq: number } | undefined;
  for (const packet of obs.publishes) {
    const matching = spans.filter((s) => s.topic === packet.topic && s.from <= packet.t && packet.t <= s.to + EDGE_MS);
    if (matching.length === 0) {
      if (spans.some((s) => s.topic === packet.topic)) {
        problems.push(`PUBLISH on ${packet.topic} while no console stream had it as its topic`);
        evidence.push({ t: packet.t, what: `PUBLISH ${packet.topic}: ${packet.payload ?? ''}` });
      }
      continue;
    }
    judged++;
    const what = `PUBLISH ${packet.topic} qos ${packet.qos ?? 0}${packet.retain ? ' retain' : ''}: ${JSON.stringify(packet.payload ?? '')}`;
    const frame = parseConsolePublish(packet.payload ?? '');
    if (frame === undefined) {
      problems.push(`${what} is not framed "<device id> <seq> <mg_time> <level>|<text>" as the library frames a console write`);
      evidence.push({ t: packet.t, what });
      continue;
    }
    const stream: ConsoleStream = matching.length === 1
      ? (matching[0] as TopicSpan).stream
      : (frame.level === STREAM_FD.stdout || frame.level === -1 ? 'stdout' : 'stderr');
    if ((packet.qos ?? 0) !== 0) problems.push(`${what}: console writes are published at QoS 0`);
    if (packet.retain === true) problems.push(`${what}: console writes are published without retain`);
    if (obs.board.deviceId !== '' && frame.deviceId !== obs.board.deviceId) {
      problems.push(`${what}: framed with device id ${frame.deviceId}; the board is ${obs.board.deviceId}`);
    }
    const useLogLevel = obs.configAt(packet.t).mqtt.debug_use_log_level;
    const allowed = new Set<number>();
    if (!useLogLevel || release !== 'later') allowed.add(expectedLevelField(stream, false));
    if (useLogLevel && release !== '2.20.0') allowed.add(expectedLevelField(stream, true));
    if (!allowed.has(frame.level)) {
      const why = useLogLevel
        ? release === '2.20.0' ? 'release 2.20.0 has no debug_use_log_level: the fd' : 'debug_use_log_level: 0 for stderr, the message level (−1 for a print) for stdout'
        : 'the fd';
      problems.push(`${what}: level field ${frame.level} on ${stream}; expected ${[...allowed].join(' or ')} (${why})`);
    }
    const boot = bootOf(obs, packet.t);
    if (lastSeq !== undefined && lastSeq.boot === boot && frame.seq <= lastSeq.seq) {
      problems.push(`${what}: seq ${frame.seq} after ${lastSeq.seq} in the same boot; the library counts one sequence for both streams, upwards`);
    }
    lastSeq = { boot, seq: frame.seq };
    const cut = packet.payloadLength !== undefined && packet.payload !== undefined && packet.payloadLength > Buffer.byteLength(packet.payload);
    pieces.push({ packet, stream, boot, seq: frame.seq, data: frame.data, cut });
  }

  // ── what the serial console showed, and whether it was published ──
  const observed: Record<string, unknown> = { release: release ?? null, topics: spans.map((s) => ({ stream: s.stream, topic: s.topic })) };
  for (const stream of STREAMS) {
    const published = publishedLines(pieces.filter((p) => p.stream === stream));
    const printed = stream === 'stderr'
      ? obs.logLines.filter((l) => !DEBUG_LEVEL_KINDS.has(libraryLineKind(l.message) ?? '')).map((l) => ({ t: l.t, seq: l.seq, text: l.text }))
      : obs.eventLines.map((l) => ({ t: l.t, seq: l.seq, text: l.text }));
    const sessions = obs.sessions.map((c) => sessionBounds(obs, c));
    const streamSpans = spans.filter((s) => s.stream === stream);
    const missing: { t: number; text: string; topic: string }[] = [];
    let required = 0;
    for (const line of printed) {
      const w = streamSpans.find((s) => after(line, s.start) && atOrBefore(line, s.end));
      if (w === undefined) continue;
      if (!sessions.some((x) => after(line, x.start) && (x.end === undefined || atOrBefore(line, x.end)))) continue;
      required++;
      judged++;
      const text = line.text.replace(/\r$/, '');
      if (take(published, text) === undefined) missing.push({ t: line.t, text, topic: w.topic });
    }
    if (missing.length > 0) {
      const first = missing[0] as (typeof missing)[number];
      problems.push(
        `${missing.length} of ${required} line(s) printed on ${stream} while a session was up and debug.${stream}_topic was ${first.topic} never reached the broker there, e.g. ${JSON.stringify(first.text)}`,
      );
      for (const m of missing.slice(0, 5)) evidence.push({ t: m.t, what: `${stream}: ${m.text} (not published)` });
    }
    // The core raises no log event above debug.event_level: an LL_DEBUG line on the topic was never the library's to publish.
    const aboveLevel = published.filter((l) => !l.prefix && DEBUG_LEVEL_KINDS.has(libraryLineKind(logMessageOf({ text: l.text })) ?? ''));
    if (aboveLevel.length > 0) {
      problems.push(`${aboveLevel.length} LL_DEBUG library line(s) published on debug.${stream}_topic, e.g. ${JSON.stringify(aboveLevel[0]!.text)}: the core raises no log event above debug.event_level (LL_INFO)`);
      for (const l of aboveLevel.slice(0, 3)) evidence.push({ t: l.t, what: `${stream} published: ${l.text} (LL_DEBUG)` });
    }
    const unseen = published.filter((l) => !l.used && !l.prefix);
    observed[stream] = { printedWhileConnected: required, published: published.length, missing: missing.length, notOnSerial: unseen.length };
    for (const l of published.filter((x) => x.used).slice(0, 3)) evidence.push({ t: l.t, what: `${stream} published: ${l.text}` });
  }

  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} console write(s) and line(s) judged: every line printed while connected with its topic set was published, framed, at QoS 0 without retain`,
    nothing: 'no console line was printed while a session was up with debug.stdout_topic or debug.stderr_topic set, and nothing was published there',
  }, {
    expected: { qos: 0, retain: false, framing: '<device id> <seq> <mg_time %.3f> <fd>|<bytes written>', deviceId: obs.board.deviceId },
    observed,
    evidence,
    source,
  });
}

export const debugConsoleTopics: CheckDefinition = {
  id,
  needs: '`config` actions setting debug.stdout_topic / debug.stderr_topic (scenario.configure({ debug: … })); a session up while console lines are printed (serial log and HIL event lines); the device\'s PUBLISH packets at the gate.',
  run,
};
