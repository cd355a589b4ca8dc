/**
 * One scenario's timeline as inline SVG: a row per broker and one for attempts only the
 * serial log shows; the model's expected windows shaded, faults as bands, each observed
 * attempt as a mark (`<g class="attempt">`), CONNACK / SUBSCRIBE / PUBLISH as ticks, and
 * an axis in device seconds. Self-contained: no script, no external style.
 */
import { type ChartData, type ChartRow, chartRows } from './chart.ts';
import { esc } from './escape.ts';

const W = 880;
const LEFT = 84;
const RIGHT = 16;
const TOP = 8;
const ROW_H = 44;
const AXIS_H = 34;
const LEGEND_ROW_H = 20;
const PLOT_W = W - LEFT - RIGHT;
/** Text sizes in chart units; the chart is drawn 880 wide, so they print at about their size at 800 px too. */
const FONT = { row: 14, tick: 13, note: 12, legend: 13, number: 12, fault: 11 };

const rowLabel: Record<ChartRow, string> = { primary: 'primary', backup: 'backup', serial: 'serial only' };

/**
 * Green and red are kept for verdicts: an attempt's number and start line are green when
 * the delay before it was judged right, red when it was judged wrong, grey when not
 * judged. What the connection came to is told by the bar's colour, in neither.
 */
const colors = {
  window: '#b7c9dc',
  windowNext: '#f3c07a',
  fault: '#8e6cc0',
  session: '#1565c0',
  fail: '#546e7a',
  open: '#64b5f6',
  ok: '#2e7d32',
  problem: '#c62828',
  unjudged: '#616161',
  connack: '#2e7d32',
  subscribe: '#6a1b9a',
  publish: '#455a64',
  action: '#555',
};

/** A step of 1, 2 or 5 × 10^n seconds giving about eight ticks. */
export function tickStepMs(spanMs: number): number {
  const raw = Math.max(spanMs, 1) / 8;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  return Math.max(step, 1);
}

function fmtSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(s < 10 ? 1 : 0)} s`;
}

const legend: [string, string][] = [
  [`<line x1="7" x2="7" y1="-13" y2="1" stroke="${colors.ok}" stroke-width="2"/><text x="9" y="-4" font-size="10" fill="${colors.ok}" font-weight="700">n</text>`, 'attempt n, delay right'],
  [`<line x1="7" x2="7" y1="-13" y2="1" stroke="${colors.problem}" stroke-width="3"/><text x="9" y="-4" font-size="10" fill="${colors.problem}" font-weight="700">n</text>`, 'delay wrong'],
  [`<line x1="7" x2="7" y1="-13" y2="1" stroke="${colors.unjudged}" stroke-width="2"/>`, 'not judged'],
  [`<rect x="0" y="-10" width="14" height="10" fill="${colors.window}" fill-opacity="0.55"/>`, 'expected window'],
  [`<rect x="0" y="-10" width="14" height="10" fill="${colors.windowNext}" fill-opacity="0.55" stroke="#c77700" stroke-dasharray="3 2"/>`, 'next expected'],
  [`<rect x="0" y="-10" width="14" height="10" fill="${colors.fail}" fill-opacity="0.8"/>`, 'connection failed'],
  [`<rect x="0" y="-10" width="14" height="10" fill="${colors.session}" fill-opacity="0.45"/>`, 'session'],
  [`<rect x="0" y="-7" width="14" height="6" fill="${colors.fault}" fill-opacity="0.45"/>`, 'fault'],
  [`<path d="M7 -11 l4 5 l-4 5 l-4 -5 z" fill="${colors.connack}"/>`, 'CONNACK'],
  [`<path d="M3 -11 h8 l-4 9 z" fill="${colors.subscribe}"/>`, 'SUBSCRIBE'],
  [`<circle cx="7" cy="-5" r="3" fill="${colors.publish}" stroke="${colors.publish}"/>`, 'PUBLISH in/out'],
  [`<line x1="7" x2="7" y1="-12" y2="0" stroke="${colors.action}" stroke-dasharray="2 3"/>`, 'scenario action'],
];

/** The legend's items placed in rows that fit the chart's width. */
function legendLayout(): { shape: string; label: string; at: number }[][] {
  const rows: { shape: string; label: string; at: number }[][] = [[]];
  let lx = LEFT;
  for (const [shape, label] of legend) {
    const w = 30 + label.length * FONT.legend * 0.56;
    if (lx + w > W && rows.at(-1)!.length > 0) {
      rows.push([]);
      lx = LEFT;
    }
    rows.at(-1)!.push({ shape, label, at: lx });
    lx += w;
  }
  return rows;
}

export function svgTimeline(chart: ChartData, id: string, title: string): string {
  const span = Math.max(chart.endMs, 1000);
  const x = (ms: number) => LEFT + (Math.min(Math.max(ms, 0), span) / span) * PLOT_W;
  const rowY = (row: ChartRow) => TOP + chartRows.indexOf(row) * ROW_H;
  const plotH = chartRows.length * ROW_H;
  const legendRows = legendLayout();
  const height = TOP + plotH + AXIS_H + legendRows.length * LEGEND_ROW_H + 4;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" id="${esc(id)}-svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${esc(`timeline: ${title}`)}" data-attempts="${chart.attempts.length}">`,
    `<title>${esc(title)}</title>`,
  );
  // rows
  for (const row of chartRows) {
    const y = rowY(row);
    out.push(
      `<rect class="row" x="${LEFT}" y="${y}" width="${PLOT_W}" height="${ROW_H}" fill="${chartRows.indexOf(row) % 2 ? '#fafafa' : '#f2f4f7'}"/>`,
      `<text class="row-label" x="${LEFT - 6}" y="${y + ROW_H / 2 + 4}" text-anchor="end" font-size="${FONT.row}">${esc(rowLabel[row])}</text>`,
    );
  }
  // expected windows
  for (const w of chart.windows) {
    if (w.toMs < 0 || w.fromMs > span) continue;
    const x0 = x(w.fromMs);
    const x1 = Math.max(x(w.toMs), x0 + 1.5);
    const y = rowY(w.row);
    const what = `${w.next ? `next expected attempt ${w.index + 1} (not seen)` : `expected attempt ${w.index + 1}`} to ${w.server}: ${fmtSeconds(w.nominalMs)} ±10 % ± ε → ${fmtSeconds(w.fromMs)} … ${fmtSeconds(w.toMs)}`;
    out.push(
      `<rect class="window${w.next ? ' window-next' : ''}" data-row="${w.row}" x="${x0.toFixed(1)}" y="${y + 2}" width="${(x1 - x0).toFixed(1)}" height="${ROW_H - 4}" fill="${w.next ? colors.windowNext : colors.window}" fill-opacity="0.55"${w.next ? ' stroke="#c77700" stroke-dasharray="3 2"' : ''}><title>${esc(what)}</title></rect>`,
    );
  }
  // faults: a band along the bottom of the broker's row
  for (const f of chart.faults) {
    const x0 = x(f.fromMs);
    const x1 = Math.max(x(f.toMs), x0 + 1);
    const y = rowY(f.row) + ROW_H - 8;
    out.push(
      `<g class="fault" data-row="${f.row}" data-fault="${esc(f.fault)}"><rect x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="6" fill="${colors.fault}" fill-opacity="0.45"/><title>${esc(`${f.label}: ${fmtSeconds(f.fromMs)} … ${fmtSeconds(f.toMs)}`)}</title>${x1 - x0 > 80 ? `<text x="${(x0 + 3).toFixed(1)}" y="${y - 1}" font-size="${FONT.fault}" fill="#4a2a80">${esc(f.fault)}</text>` : ''}</g>`,
    );
  }
  // actions of the scenario (reset, connect, config…)
  for (const a of chart.actions) {
    if (a.atMs < 0 || a.atMs > span) continue;
    const ax = x(a.atMs).toFixed(1);
    out.push(
      `<line class="action" x1="${ax}" x2="${ax}" y1="${TOP}" y2="${TOP + plotH}" stroke="${colors.action}" stroke-dasharray="2 3"><title>${esc(`${fmtSeconds(a.atMs)}: ${a.label}`)}</title></line>`,
    );
  }
  // attempts: the bar says what the connection came to, the number and start line the timing verdict
  const lastLabelX = new Map<ChartRow, { x: number; lift: number }>();
  for (const a of chart.attempts) {
    const y = rowY(a.row);
    const x0 = x(a.startMs);
    const x1 = a.endMs === undefined ? x(span) : Math.max(x(a.endMs), x0 + 2);
    const color = a.outcome === 'session' ? colors.session : a.outcome === 'open' ? colors.open : colors.fail;
    const judged = a.timing === 'ok' ? colors.ok : a.timing === 'problem' ? colors.problem : colors.unjudged;
    const number = chart.attempts.some((o) => o.run > 1) ? `${a.run}.${a.n}` : String(a.n);
    // Numbers of attempts close together are lifted in turn so they stay readable.
    const prev = lastLabelX.get(a.row);
    const lift = prev && x0 - prev.x < number.length * 7 + 4 ? (prev.lift + 1) % 2 : 0;
    lastLabelX.set(a.row, { x: x0, lift });
    const verdict = a.timing === undefined ? 'not judged' : a.timing === 'ok' ? 'delay judged right' : `delay judged wrong: ${(a.problems ?? []).join('; ')}`;
    out.push(
      `<g class="attempt" data-server="${esc(a.server)}" data-row="${a.row}" data-outcome="${a.outcome}" data-run="${a.run}" data-n="${a.n}" data-timing="${a.timing ?? 'unjudged'}" data-start-ms="${Math.round(a.startMs)}"><title>${esc(`${a.label}; starts ${fmtSeconds(a.startMs)}${a.endMs !== undefined ? `, ends ${fmtSeconds(a.endMs)}` : ''}${a.loggedDelayMs !== undefined ? `; logged "connecting after ${a.loggedDelayMs} ms"` : ''}; ${verdict}`)}</title>` +
        `<rect x="${x0.toFixed(1)}" y="${y + 24}" width="${(x1 - x0).toFixed(1)}" height="10" fill="${color}" fill-opacity="${a.outcome === 'fail' ? 0.8 : 0.45}"/>` +
        `<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${y + 12}" y2="${y + 38}" stroke="${judged}" stroke-width="${a.timing === 'problem' ? 3 : 2}"/>` +
        `<text class="attempt-n" x="${(x0 + 2).toFixed(1)}" y="${y + (lift ? 12 : 22)}" font-size="${FONT.number}" font-weight="700" fill="${judged}">${esc(number)}</text></g>`,
    );
  }
  // packet marks above the attempt bars
  for (const m of chart.marks) {
    const mx = x(m.atMs);
    const y = rowY(m.row) + 3;
    const shape =
      m.type === 'connack'
        ? `<path d="M${mx.toFixed(1)} ${y} l3 4 l-3 4 l-3 -4 z" fill="${colors.connack}"/>`
        : m.type === 'subscribe'
          ? `<path d="M${(mx - 3).toFixed(1)} ${y} h6 l-3 7 z" fill="${colors.subscribe}"/>`
          : `<circle cx="${mx.toFixed(1)}" cy="${y + 4}" r="2.2" fill="${m.dir === 'in' ? colors.publish : '#fff'}" stroke="${colors.publish}"/>`;
    out.push(`<g class="mark mark-${m.type}" data-dir="${m.dir}"><title>${esc(`${fmtSeconds(m.atMs)}: ${m.label}`)}</title>${shape}</g>`);
  }
  // axis
  const axisY = TOP + plotH;
  out.push(`<line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${axisY}" y2="${axisY}" stroke="#333"/>`);
  const step = tickStepMs(span);
  for (let t = 0; t <= span + 1e-6; t += step) {
    const tx = x(t).toFixed(1);
    out.push(
      `<line x1="${tx}" x2="${tx}" y1="${axisY}" y2="${axisY + 5}" stroke="#333"/>`,
      `<text class="tick" x="${tx}" y="${axisY + 18}" text-anchor="middle" font-size="${FONT.tick}">${esc(fmtSeconds(t))}</text>`,
    );
  }
  out.push(`<text x="${LEFT + PLOT_W}" y="${axisY + 31}" text-anchor="end" font-size="${FONT.note}" fill="#555">device time since the scenario's boot line (harness time × ${chart.timeScale})</text>`);
  // legend
  out.push(`<g class="legend" font-size="${FONT.legend}">`);
  legendRows.forEach((items, r) => {
    const ly = TOP + plotH + AXIS_H + (r + 1) * LEGEND_ROW_H - 4;
    for (const { shape, label, at } of items) out.push(`<g transform="translate(${at},${ly})">${shape}<text x="18" y="-1">${esc(label)}</text></g>`);
  });
  out.push('</g></svg>');
  return out.join('\n');
}
