/**
 * One scenario's timeline as inline SVG: a row per broker and one for attempts only the
 * serial log shows; the model's expected windows shaded, faults as bands, each observed
 * attempt as a mark (`<g class="attempt">`), CONNACK / SUBSCRIBE / PUBLISH as ticks, and
 * an axis in device seconds. Self-contained: no script, no external style.
 */
import { type ChartData, type ChartRow, chartRows } from './chart.ts';
import { esc } from './escape.ts';

const W = 960;
const LEFT = 72;
const RIGHT = 16;
const TOP = 8;
const ROW_H = 40;
const AXIS_H = 26;
const LEGEND_H = 22;
const PLOT_W = W - LEFT - RIGHT;

const rowLabel: Record<ChartRow, string> = { primary: 'primary', backup: 'backup', serial: 'serial only' };

const colors = {
  window: '#9fd3a8',
  windowNext: '#f3c07a',
  fault: '#e06666',
  session: '#2f7d32',
  fail: '#c62828',
  open: '#1565c0',
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

export function svgTimeline(chart: ChartData, id: string, title: string): string {
  const span = Math.max(chart.endMs, 1000);
  const x = (ms: number) => LEFT + (Math.min(Math.max(ms, 0), span) / span) * PLOT_W;
  const rowY = (row: ChartRow) => TOP + chartRows.indexOf(row) * ROW_H;
  const plotH = chartRows.length * ROW_H;
  const height = TOP + plotH + AXIS_H + LEGEND_H;
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
      `<text class="row-label" x="${LEFT - 6}" y="${y + ROW_H / 2 + 4}" text-anchor="end" font-size="12">${esc(rowLabel[row])}</text>`,
    );
  }
  // expected windows
  for (const w of chart.windows) {
    if (w.toMs < 0 || w.fromMs > span) continue;
    const x0 = x(w.fromMs);
    const x1 = Math.max(x(w.toMs), x0 + 1.5);
    const y = rowY(w.row);
    const what = `${w.next ? 'next expected attempt (not seen)' : `expected attempt ${w.index + 1}`} to ${w.server}: ${fmtSeconds(w.nominalMs)} ±10 % ± ε → ${fmtSeconds(w.fromMs)} … ${fmtSeconds(w.toMs)}`;
    out.push(
      `<rect class="window${w.next ? ' window-next' : ''}" data-row="${w.row}" x="${x0.toFixed(1)}" y="${y + 2}" width="${(x1 - x0).toFixed(1)}" height="${ROW_H - 4}" fill="${w.next ? colors.windowNext : colors.window}" fill-opacity="0.55"${w.next ? ' stroke="#c77700" stroke-dasharray="3 2"' : ''}><title>${esc(what)}</title></rect>`,
    );
  }
  // faults: a band along the bottom of the broker's row
  for (const f of chart.faults) {
    const x0 = x(f.fromMs);
    const x1 = Math.max(x(f.toMs), x0 + 1);
    const y = rowY(f.row) + ROW_H - 9;
    out.push(
      `<g class="fault" data-row="${f.row}" data-fault="${esc(f.fault)}"><rect x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="7" fill="${colors.fault}" fill-opacity="0.45"/><title>${esc(`${f.label}: ${fmtSeconds(f.fromMs)} … ${fmtSeconds(f.toMs)}`)}</title>${x1 - x0 > 70 ? `<text x="${(x0 + 3).toFixed(1)}" y="${y + 6}" font-size="8" fill="#7a1010">${esc(f.fault)}</text>` : ''}</g>`,
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
  // attempts
  for (const a of chart.attempts) {
    const y = rowY(a.row);
    const x0 = x(a.startMs);
    const x1 = a.endMs === undefined ? x(span) : Math.max(x(a.endMs), x0 + 2);
    const color = a.outcome === 'session' ? colors.session : a.outcome === 'open' ? colors.open : colors.fail;
    out.push(
      `<g class="attempt" data-server="${esc(a.server)}" data-row="${a.row}" data-outcome="${a.outcome}" data-start-ms="${Math.round(a.startMs)}"><title>${esc(`${a.label}; starts ${fmtSeconds(a.startMs)}${a.endMs !== undefined ? `, ends ${fmtSeconds(a.endMs)}` : ''}${a.loggedDelayMs !== undefined ? `; logged "connecting after ${a.loggedDelayMs} ms"` : ''}`)}</title>` +
        `<rect x="${x0.toFixed(1)}" y="${y + 12}" width="${(x1 - x0).toFixed(1)}" height="12" fill="${color}" fill-opacity="${a.outcome === 'fail' ? 0.9 : 0.35}"/>` +
        `<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${y + 6}" y2="${y + 30}" stroke="${color}" stroke-width="2"/></g>`,
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
      `<line x1="${tx}" x2="${tx}" y1="${axisY}" y2="${axisY + 4}" stroke="#333"/>`,
      `<text class="tick" x="${tx}" y="${axisY + 15}" text-anchor="middle" font-size="10">${esc(fmtSeconds(t))}</text>`,
    );
  }
  out.push(`<text x="${LEFT + PLOT_W}" y="${axisY + 25}" text-anchor="end" font-size="9" fill="#555">device time since the scenario's boot line (harness time × ${chart.timeScale})</text>`);
  // legend
  const ly = height - 6;
  const legend: [string, string][] = [
    [`<rect x="0" y="-8" width="14" height="8" fill="${colors.window}" fill-opacity="0.55"/>`, 'expected window'],
    [`<rect x="0" y="-8" width="14" height="8" fill="${colors.windowNext}" fill-opacity="0.55" stroke="#c77700" stroke-dasharray="3 2"/>`, 'next expected'],
    [`<rect x="0" y="-6" width="14" height="5" fill="${colors.fault}" fill-opacity="0.45"/>`, 'fault'],
    [`<rect x="0" y="-8" width="14" height="8" fill="${colors.fail}"/>`, 'failed attempt'],
    [`<rect x="0" y="-8" width="14" height="8" fill="${colors.session}" fill-opacity="0.35"/>`, 'session'],
    [`<path d="M7 -9 l3 4 l-3 4 l-3 -4 z" fill="${colors.connack}"/>`, 'CONNACK'],
    [`<path d="M4 -9 h6 l-3 7 z" fill="${colors.subscribe}"/>`, 'SUBSCRIBE'],
    [`<circle cx="7" cy="-4" r="2.2" fill="${colors.publish}" stroke="${colors.publish}"/>`, 'PUBLISH in/out'],
    [`<line x1="7" x2="7" y1="-10" y2="0" stroke="${colors.action}" stroke-dasharray="2 3"/>`, 'scenario action'],
  ];
  let lx = LEFT;
  out.push('<g class="legend" font-size="10">');
  for (const [shape, label] of legend) {
    out.push(`<g transform="translate(${lx},${ly})">${shape}<text x="18" y="-1">${esc(label)}</text></g>`);
    lx += 30 + label.length * 6;
  }
  out.push('</g></svg>');
  return out.join('\n');
}
