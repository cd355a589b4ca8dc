/**
 * The bench's figures as Markdown, for docs/performance.md. The bench owns only the part
 * between its markers; the prose around it (where the time goes, what was changed) is
 * written by people and kept as it is.
 */
import fs from 'node:fs';
import type { LoadAverage } from './host.ts';
import type { BenchFigures } from './main.ts';
import type { Spread } from './stats.ts';

export const BEGIN = '<!-- bench:begin (written by npm run bench; edit around it) -->';
export const END = '<!-- bench:end -->';

const load = (l: LoadAverage) => `${l['1m']}/${l['5m']}/${l['15m']} on ${l.cores} cores`;
const loads = (ls: LoadAverage[]) => ls.map((l) => l['1m']).join(', ');
const sp = (s: Spread) => (s.n === 0 ? '–' : `${s.p50} / ${s.p99} / ${s.max} / ${s.mean >= 0 ? '+' : ''}${s.mean}`);

export function renderBenchDoc(f: BenchFigures): string {
  const out: string[] = [`Measured ${f.measuredAt} with Node ${f.node}: \`${f.command}\`.`, ''];
  if (f.timing.length > 0) {
    out.push(
      '### Reconnect timing error, wall ms',
      '',
      'Each cell: |error| p50 / p99 / max / mean (signed: the bias). error = gate `tcp.close` → next `tcp.accept`, minus the board\'s `connecting after N ms` ÷ time scale; arm = close → the board\'s `connecting after` line; late = the board\'s timer lateness (`connecting after` → `connecting to`, minus N ÷ scale); dial = `connecting to` → accept. The samples of all repeats pooled (the other tables: medians of the repeats); load average (1 min) after each repeat.',
      '',
      '| boards | scale | samples | error | arm | late | dial | load |',
      '|---:|---:|---:|---|---|---|---|---|',
      ...f.timing.map((t) => `| ${t.boards} | ${t.timeScale} | ${t.samples} | ${sp(t.error)} | ${sp(t.arm)} | ${sp(t.late)} | ${sp(t.dial)} | ${loads(t.load)} |`),
      '',
      '### Cost per board and wall time',
      '',
      'CPU: every process the qualification started (Playwright, workers, virtual boards), ÷ boards. Memory: peak resident set of all of them together, ÷ boards. Scenario time: the longest board\'s sum of scenario durations. Schedule waits: the longest board\'s sum of the backoff delays its board asked for, ÷ scale — waits no harness can shorten.',
      '',
      '| boards | scale | scenarios (grep) | wall s | scenario s | schedule waits s | CPU s/board | peak MiB/board | exit | load |',
      '|---:|---:|---|---:|---:|---:|---:|---:|---|---|',
      ...f.timing.map(
        (t) =>
          `| ${t.boards} | ${t.timeScale} | \`${t.grep.replace(/\|/g, '\\|')}\` | ${t.wallS} | ${t.scenarioS} | ${t.scheduleWaitS} | ${t.cpuSPerBoard ?? '–'} | ${t.peakRssMiBPerBoard} | ${t.exitCodes.join(',')} | ${loads(t.load)} |`,
      ),
      '',
    );
  }
  if (f.throughput.length > 0) {
    out.push(
      '### Gate throughput',
      '',
      'One publisher, one subscriber, 64-byte payloads, 200 publishes in flight; msg/s until the subscriber has them all. Gate: the harness\'s broker (aedes behind the fault gate, every packet recorded in a timeline).',
      '',
      '| QoS | messages | straight aedes msg/s | gate msg/s | gate ÷ aedes | load |',
      '|---:|---:|---:|---:|---:|---|',
      ...f.throughput.map((t) => `| ${t.qos} | ${t.messages} | ${t.aedesMsgPerS} | ${t.gateMsgPerS} | ${Math.round(t.ratio * 100)} % | ${loads(t.load)} |`),
      '',
    );
  }
  if (f.serial) out.push('### Serial lines', '', `${f.serial.linesPerS} lines/s split and classified (load ${load(f.serial.load)}).`, '');
  if (f.timeline) {
    const t = f.timeline;
    out.push(
      '### Timeline of a long run',
      '',
      `${t.events} events recorded: ${t.inMemory} held in memory, ${t.spilled} spilled to JSONL; ${t.heapBytesPerEvent === undefined ? 'heap per event not measured (run with --expose-gc)' : `${Math.round(t.heapBytesPerEvent)} bytes of heap per event held (${Math.round((t.heapBytesPerEvent * t.inMemory) / 2 ** 20)} MiB at the bound)`}; ${t.recordUsPerEvent.toFixed(1)} µs to record one (validation, spill included).`,
      `A \`waitFor\` from now, with N events held before it: ${t.waitUs.map((w) => `${w.us.toFixed(1)} µs at N = ${w.window}`).join(', ')} (load ${load(t.load)}).`,
      '',
    );
  }
  return out.join('\n');
}

/** Replaces what is between the markers (or appends them) and keeps the rest of the file. */
export function writeBetweenMarkers(file: string, body: string): void {
  const block = `${BEGIN}\n\n${body}\n${END}`;
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Performance\n\n';
  const a = old.indexOf(BEGIN);
  const b = old.indexOf(END);
  const next = a >= 0 && b > a ? `${old.slice(0, a)}${block}${old.slice(b + END.length)}` : `${old.trimEnd()}\n\n${block}\n`;
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, file);
}
