/**
 * index.html from the report model: one self-contained page (inline CSS and SVG, no
 * script, no external asset), readable offline and printable to PDF. Every value from
 * the model is escaped here.
 */
import { type AttemptRow, attemptRows, attemptVerdict } from './attempt-table.ts';
import { coverageSection } from './coverage.ts';
import type { ExcerptLine } from './excerpts.ts';
import { esc } from './escape.ts';
import type { DifferenceView, FindingStatus } from './findings.ts';
import type { BoardView, Link, ReportModel, ScenarioView, Totals, VerdictView } from './model.ts';
import { svgTimeline } from './svg-timeline.ts';

export const css = `
:root { --pass: #2e7d32; --fail: #c62828; --skip: #8d6e00; --muted: #666; --line: #d9dde3; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 24px 0 6px; } h4 { font-size: 13px; margin: 12px 0 4px; }
a { color: #0b57d0; } code, pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; } th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; }
.muted { color: var(--muted); } .small { font-size: 12px; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 12px; }
.status-passed, .status-pass { background: var(--pass); } .status-failed, .status-fail { background: var(--fail); }
.status-error, .status-skip, .status-timedOut, .status-interrupted { background: var(--skip); } .status-skipped, .status-running { background: #777; }
.status-partial { background: #5c6bc0; } .run-badge { font-size: 15px; padding: 2px 12px; } p.run-note { border-left: 5px solid var(--skip); padding: 4px 10px; background: #fff8e1; }
.totals span { margin-right: 14px; } .totals b { font-size: 16px; }
a.verdict { display: inline-block; min-width: 36px; text-align: center; margin: 1px; padding: 0 5px; border-radius: 3px; color: #fff; text-decoration: none; font-size: 12px; }
a.verdict-pass { background: var(--pass); } a.verdict-fail { background: var(--fail); } a.verdict-skip { background: var(--skip); }
td.not-run { color: #999; font-size: 12px; }
.verdict-row { border: 1px solid var(--line); border-left: 5px solid var(--pass); padding: 6px 10px; margin: 8px 0; }
.verdict-row > p:first-child { break-after: avoid-page; }
.scroll { overflow-x: auto; max-width: 100%; } .scroll > table { margin: 0; }
table.attempts td.num { white-space: nowrap; text-align: right; } table.attempts .status { white-space: nowrap; }
tr.attempt-problem td, tr.attempt-missing td { background: #fdecea; }
table.provenance th, table.sign-off th { width: 190px; } table.sign-off td.blank { height: 30px; } b.dirty { color: var(--fail); }
ul.scenario-key { columns: 2; font-size: 12px; padding-left: 18px; } a.verdict .sn { opacity: .85; font-weight: 400; }
.verdict-row.verdict-fail { border-left-color: var(--fail); } .verdict-row.verdict-skip { border-left-color: var(--skip); }
.verdict-row:target, .scenario:target { outline: 3px solid #f3c07a; }
.eo { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; } .eo > div { min-width: 0; }
.sources li, .evidence li { margin: 1px 0; overflow-wrap: anywhere; } .src-kind { font-size: 11px; padding: 0 4px; border-radius: 3px; background: #e8eaed; margin-right: 4px; }
.src-doc { background: #e3f2fd; } .src-impl { background: #fff3e0; } .src-mqtt-3\\.1\\.1 { background: #ede7f6; }
figure.chart { margin: 8px 0; overflow-x: auto; } figure.chart svg { max-width: 100%; height: auto; }
.excerpt { font: 11px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; background: #fbfbfb; border: 1px solid var(--line); margin: 4px 0; padding: 4px 0; overflow-x: auto; }
.excerpt div { white-space: pre-wrap; word-break: break-all; padding: 0 6px; } .excerpt .hit { background: #fff1c2; font-weight: 600; } .excerpt .near { background: #eef3fb; } .excerpt .n { color: #999; display: inline-block; min-width: 44px; }
.excerpt-gap { border-top: 1px dashed #bbb; margin: 3px 0; }
.finding-follows-impl { color: #8a4b00; } .finding-follows-doc { color: var(--pass); } .finding-deviates { color: var(--fail); } .finding-not-exercised { color: #999; }
nav.toc a { margin-right: 12px; }
@media (max-width: 900px) {
  body { padding: 12px 12px 32px; }
  .eo { grid-template-columns: 1fr; }
  ul.scenario-key { columns: 1; }
  table.provenance th, table.sign-off th { width: auto; }
}
@media print {
  summary { list-style: none; font-weight: 600; } summary::-webkit-details-marker { display: none; }
  .scroll { overflow: visible; }
  figure.chart, table.attempts tr, .excerpt div { break-inside: avoid; }
  #sign-off { break-inside: avoid; }
  body { max-width: none; padding: 0; font-size: 11px; }
  nav.toc { display: none; }
  .scenario { break-before: auto; }
  figure.chart svg { width: 100%; }
  a { color: inherit; text-decoration: none; }
}
`;

export function status(s: string): string {
  return `<span class="status status-${esc(s)}">${esc(s)}</span>`;
}

/** The run's badge: a run that did not qualify the whole lab to its end says so in capitals. */
export function runBadge(m: ReportModel): string {
  const loud = m.status === 'interrupted' || m.status === 'partial' || m.status === 'running';
  const text = loud ? (m.status === 'running' ? 'DID NOT FINISH' : m.status.toUpperCase()) : m.status;
  return `<span class="status run-badge status-${esc(m.status)}" id="run-status">${esc(text)}</span>`;
}

export function runNote(m: ReportModel): string {
  const notes: string[] = [];
  if (m.status === 'interrupted') notes.push('The run was interrupted: only the scenarios that finished before it was stopped are reported; the one in flight is marked interrupted. This is not a qualification.');
  if (m.status === 'running') notes.push('results.json says the run is still running: it is still going, or its process died. This is not a qualification.');
  if (m.leftOut) notes.push(`Partial run, not a qualification: ${m.leftOut}.`);
  else if (m.status === 'partial') notes.push('Partial run, not a qualification: a merged run left scenarios or boards out (see its results.json `filter`).');
  return notes.map((n) => `<p class="run-note">${esc(n)}</p>`).join('\n');
}

function json(value: unknown, max = 6000): string {
  if (value === undefined) return '<pre class="muted">—</pre>';
  // Arrays of plain values on one line: a window [1200, 2800] reads better than four lines.
  let text = (JSON.stringify(value, null, 2) ?? String(value)).replace(/\[\s+((?:[^[\]{}\s][^[\]{}]*?)?)\s+\]/g, (_m, inner: string) => `[${inner.replace(/,\s+/g, ', ')}]`);
  if (text.length > max) text = `${text.slice(0, max)}\n… (${text.length - max} more characters: see results.json)`;
  return `<pre>${esc(text)}</pre>`;
}

function links(list: Link[]): string {
  return list.map((l) => `<a href="${esc(l.href)}">${esc(l.label)}</a>`).join(' · ');
}

export function totalsLine(t: Totals, attr = true): string {
  const item = (k: keyof Totals, label: string) => `<span${attr ? ` data-count="${k}"` : ''}><b>${t[k]}</b> ${label}</span>`;
  return `<p class="totals">${item('scenarios', 'scenarios')}${item('verdicts', 'verdicts')}${item('pass', 'pass')}${item('fail', 'fail')}${item('skip', 'skip')}${item('broken', 'broken scenarios')}</p>`;
}

type CheckCell = BoardView['checks'][string];

/** A cell of the checks-per-board table on screen: one chip per verdict, linked to it, naming its scenario. */
function chipCell(vs: CheckCell): string {
  return `<td>${vs.map((v) => `<a class="verdict verdict-${v.verdict}" id="${esc(v.anchor)}" href="#${esc(v.anchor.replace(/^v-/, 'verdict-'))}" title="${esc(v.scenario)}">${esc(v.verdict)}${v.scenarioN ? ` <span class="sn">S${v.scenarioN}</span>` : ''}</a>`).join('')}</td>`;
}

/**
 * The summary: totals, boards, failing checks, broken scenarios, the checks-per-board
 * table. On paper (`paper`) a cell counts its verdicts instead of listing them, and the
 * scenario key the chips need is left out.
 */
export function summary(m: ReportModel, paper?: { cell: (vs: CheckCell) => string }): string {
  const boardRows = m.boards
    .map(
      (b) =>
        `<tr data-board="${esc(b.name)}"><td><a href="#board-${esc(b.name)}">${esc(b.name)}</a></td><td>${esc(b.record?.kind ?? '?')}</td><td>${esc(b.record?.fwId ?? '—')}</td><td>${esc(deviceId(b))}</td><td>${status(b.status)}</td><td>${b.totals.scenarios}</td><td>${b.totals.pass}</td><td>${b.totals.fail}</td><td>${b.totals.skip}</td><td>${b.totals.broken}</td></tr>`,
    )
    .join('\n');
  const failures =
    m.failures.length === 0
      ? '<p>No check failed or skipped.</p>'
      : `<ul class="failures">${m.failures
          .map((v) => `<li>${status(v.verdict)} <a href="#${esc(v.rowAnchor)}">${esc(v.board)} · ${esc(v.id)}</a> in “${esc(v.scenario)}”: ${esc(v.reason)}${m.runLevel.includes(v) ? '' : ` — <a href="#${esc(v.chartAnchor)}">chart</a>`}</li>`)
          .join('\n')}</ul>`;
  const broken = m.scenarios.filter((s) => s.status !== 'passed' && s.status !== 'skipped' && !s.verdicts.some((v) => v.verdict === 'fail'));
  const brokenList =
    broken.length === 0
      ? ''
      : `<h3>Scenarios that broke before judging</h3><ul>${broken.map((s) => `<li>${status(s.status)} <a href="#${esc(s.anchor)}">${esc(s.board)} · ${esc(s.title)}</a>: ${esc((s.error ?? '').split('\n')[0] ?? '')}</li>`).join('\n')}</ul>`;
  const head = m.boards.map((b) => `<th>${esc(b.name)}</th>`).join('');
  const matrix = m.checkIds
    .map((id) => {
      const cells = m.boards
        .map((b) => {
          const vs = b.checks[id];
          if (!vs || vs.length === 0) return '<td class="not-run">not run</td>';
          return (paper?.cell ?? chipCell)(vs);
        })
        .join('');
      return `<tr data-check="${esc(id)}"><td><code>${esc(id)}</code></td>${cells}</tr>`;
    })
    .join('\n');
  const key = paper
    ? '<p class="small muted">Each cell counts the verdicts of the check on the board: ✓ passed, ✗ failed, ? skipped or not judged.</p>'
    : `<p class="small muted">S<i>n</i>: the scenario that gave the verdict.</p><ul class="scenario-key">${m.scenarios.map((s) => `<li><a href="#${esc(s.anchor)}">S${s.n}</a> ${esc(s.title)} <span class="muted">(${esc(s.board)})</span></li>`).join('')}</ul>`;
  return `<section id="summary"><h2>Summary</h2>
${totalsLine(m.totals)}
<div class="scroll"><table class="boards"><thead><tr><th>board</th><th>kind</th><th>firmware</th><th>device id</th><th>status</th><th>scenarios</th><th>pass</th><th>fail</th><th>skip</th><th>broken</th></tr></thead><tbody>
${boardRows}
</tbody></table></div>
<h3>Failing checks</h3>
${failures}
${brokenList}
<h3>Checks per board</h3>
<div class="scroll"><table class="checks"><thead><tr><th>check</th>${head}</tr></thead><tbody>
${matrix}
</tbody></table></div>
${key}</section>`;
}

export function deviceId(b: BoardView): string {
  const id = b.record?.info?.id;
  return typeof id === 'string' ? id : '—';
}

const findingLabel: Record<FindingStatus, string> = {
  'follows-impl': 'follows the implementation',
  'follows-doc': 'follows the doc',
  deviates: 'check failed',
  'not-exercised': 'not exercised',
};

type FindingVerdicts = DifferenceView['findings'][number]['verdicts'];

/** On paper, a finding's verdicts counted per check and verdict (`backoff.schedule pass ×6`), not listed. */
function countedVerdicts(vs: FindingVerdicts, withVerdict: boolean): string {
  const n = tally(vs, (v) => (withVerdict ? `${v.check} ${v.verdict}` : v.check));
  return [...n].map(([k, c]) => `${esc(k)}${c > 1 ? ` ×${c}` : ''}`).join(', ');
}

/** How many items have each key, in the order the keys first appear. */
export function tally<T, K>(items: readonly T[], key: (item: T) => K): Map<K, number> {
  const n = new Map<K, number>();
  for (const item of items) {
    const k = key(item);
    n.set(k, (n.get(k) ?? 0) + 1);
  }
  return n;
}

/** On paper, boards whose findings on one difference read the same share one entry (`v01, v02 …` as its board). */
function groupedFindings(findings: DifferenceView['findings']): DifferenceView['findings'] {
  const groups = new Map<string, DifferenceView['findings']>();
  for (const f of findings) {
    const key = `${f.status}\u0000${f.text}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((fs) => (fs.length === 1 ? fs[0]! : { ...fs[0]!, board: `${fs.map((f) => f.board).join(', ')} (${fs.length} boards)`, verdicts: fs.flatMap((f) => f.verdicts) }));
}

/**
 * Documentation vs behaviour. On paper (`paper`) a lab's boards that follow the
 * implementation on one difference share one line, and verdicts are counted, not linked:
 * listed one by one, 32 boards' made this section 1.2 MB of the condensed page.
 */
export function differencesSection(m: ReportModel, paper = false): string {
  const followsImpl = m.differences.flatMap((d) => d.findings.filter((f) => f.status === 'follows-impl').map((f) => ({ d, f })));
  const paperList = () =>
    `<ul class="follows-impl">${m.differences
      .map((d) => ({ d, fs: d.findings.filter((f) => f.status === 'follows-impl') }))
      .filter(({ fs }) => fs.length > 0)
      .map(
        ({ d, fs }) =>
          `<li data-difference="${esc(d.id)}"><code>${esc(d.id)}</code>: ${esc(d.impl)} <span class="muted">(implementation)</span> — the doc says: ${esc(d.doc)} <span class="small">Boards: ${fs.map((f) => `<b>${esc(f.board)}</b>`).join(', ')} (${fs.length}). Shown by ${countedVerdicts(
            fs.flatMap((f) => f.verdicts.filter((v) => v.verdict === 'pass')),
            false,
          )}.</span></li>`,
      )
      .join('\n')}</ul>`;
  const list =
    followsImpl.length === 0
      ? '<p>No verdict of this run shows a board following the implementation where the doc says otherwise.</p>'
      : paper
        ? paperList()
        : `<ul class="follows-impl">${followsImpl
          .map(
            ({ d, f }) =>
              `<li data-difference="${esc(d.id)}" data-board="${esc(f.board)}"><b>${esc(f.board)}</b> · <code>${esc(d.id)}</code>: ${esc(d.impl)} <span class="muted">(implementation)</span> — the doc says: ${esc(d.doc)} <span class="small">Shown by ${f.verdicts
                .filter((v) => v.verdict === 'pass')
                .map((v) => `<a href="#${esc(v.anchor.replace(/^v-/, 'verdict-'))}">${esc(v.check)}</a>`)
                .join(', ')}.</span></li>`,
          )
          .join('\n')}</ul>`;
  const findingVerdicts = (vs: FindingVerdicts) =>
    paper ? countedVerdicts(vs, true) : vs.map((v) => `<a href="#${esc(v.anchor.replace(/^v-/, 'verdict-'))}">${esc(v.check)} ${esc(v.verdict)}</a>`).join(', ');
  const rows = m.differences
    .map(
      (d) =>
        `<tr id="difference-${esc(d.id)}"><td><code>${esc(d.id)}</code></td><td>${esc(d.doc)}</td><td>${esc(d.impl)}</td><td>${esc(d.modelFollows)}<div class="small muted">${esc(d.why)}</div></td><td>${(paper ? groupedFindings(d.findings) : d.findings)
          .map(
            (f) =>
              `<div class="finding finding-${f.status}"><b>${esc(f.board)}</b>: ${esc(findingLabel[f.status])}${f.verdicts.length > 0 ? ` (${findingVerdicts(f.verdicts)})` : ''}<div class="small">${esc(f.text)}</div></div>`,
          )
          .join('')}</td></tr>`,
    )
    .join('\n');
  return `<section id="doc-vs-behaviour"><h2>Documentation vs behaviour</h2>
<p class="small muted">Where the library's documentation and its implementation disagree, the reference model follows one of them (see harness/model/sources.ts). A board is said to follow a side only when a passing verdict of a check that depends on the difference shows it.</p>
<h3>Where the boards follow the implementation, not the doc</h3>
${list}
<h3>Every difference</h3>
<div class="scroll"><table class="differences"><thead><tr><th>difference</th><th>the doc says</th><th>the implementation does</th><th>the model follows</th><th>what the boards did</th></tr></thead><tbody>
${rows}
</tbody></table></div>
${coverageSection(m)}</section>`;
}

export function boardsSection(m: ReportModel): string {
  const blocks = m.boards.map((b) => {
    const r = b.record;
    const info = r?.info
      ? `<div class="scroll"><table class="info"><tbody>${Object.entries(r.info)
          .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${typeof v === 'object' && v !== null ? `<code>${esc(JSON.stringify(v))}</code>` : esc(String(v))}</td></tr>`)
          .join('')}</tbody></table></div>`
      : '<p class="muted">The board did not answer Sys.GetInfo.</p>';
    return `<div class="board" id="board-${esc(b.name)}"><h3>${esc(b.name)} ${status(b.status)}</h3>
<p>kind <b>${esc(r?.kind ?? '?')}</b> · firmware id <code class="fw-id">${esc(r?.fwId ?? '—')}</code> · device id <code class="device-id">${esc(deviceId(b))}</code> · time scale ${esc(r?.timeScale ?? '?')} · ε ${esc(r?.epsilonMs ?? '?')} ms · personalities ${esc(r && r.personalities.length > 0 ? r.personalities.join(', ') : 'none (faithful)')}</p>
${totalsLine(b.totals, false)}
<h4>Sys.GetInfo</h4>${info}</div>`;
  });
  return `<section id="boards"><h2>Boards</h2>${blocks.join('\n')}</section>`;
}

function commit(c: string | undefined, dirty?: boolean): string {
  if (!c) return '<span class="muted">not recorded (no git)</span>';
  return `<code>${esc(c)}</code>${dirty ? ' <b class="dirty">+ uncommitted changes</b>' : ''}`;
}

/** What was run, on what, where and when: the facts a sign-off refers to. */
export function provenanceSection(m: ReportModel): string {
  const rows = m.provenance
    .map((p) => {
      const run = m.provenance.length > 1 ? `<tr><th colspan="2">run <code>${esc(p.runId)}</code></th></tr>` : '';
      return `${run}<tr><th>harness</th><td class="harness-version">${esc(p.harnessVersion)} · commit ${commit(p.harnessCommit, p.harnessDirty)}</td></tr>
<tr><th>scenarios commit</th><td class="scenarios-commit">${commit(p.scenariosCommit)}</td></tr>
<tr><th>lab host</th><td class="lab-host">${esc(p.host ?? 'not recorded')}${p.node ? ` · Node ${esc(p.node)}` : ''}</td></tr>
<tr><th>started · finished</th><td class="run-times">${esc(p.startedAt ?? '?')} · ${esc(p.finishedAt ?? 'not finished')}</td></tr>`;
    })
    .join('\n');
  const firmware = m.boards.map((b) => `<tr><th>firmware of ${esc(b.name)}</th><td class="fw-id">${esc(b.record?.fwId ?? 'not recorded')} · device <code>${esc(deviceId(b))}</code> · ${esc(b.record?.kind ?? '?')}</td></tr>`).join('\n');
  return `<section id="provenance"><h2>Provenance</h2>
<div class="scroll"><table class="provenance"><tbody>
<tr><th>run id</th><td><code>${esc(m.runId)}</code> · ${esc(m.status)}</td></tr>
${rows}
${firmware}
</tbody></table></div></section>`;
}

/** Filled in by hand on the printed report. */
export function signOffSection(m: ReportModel): string {
  return `<section id="sign-off"><h2>Sign-off</h2>
<p class="small">Run <code>${esc(m.runId)}</code>: ${m.totals.pass} pass, ${m.totals.fail} fail, ${m.totals.skip} skip, ${m.totals.broken} broken scenario(s), status <b>${esc(m.status)}</b>.</p>
<table class="sign-off"><tbody>
<tr><th>decision</th><td>☐ released &nbsp; ☐ released with exceptions &nbsp; ☐ not released</td></tr>
<tr><th>exceptions / remarks</th><td class="blank"></td></tr>
<tr><th>name</th><td class="blank"></td></tr>
<tr><th>role</th><td class="blank"></td></tr>
<tr><th>date</th><td class="blank"></td></tr>
<tr><th>signature</th><td class="blank"></td></tr>
</tbody></table></section>`;
}

export function runSection(m: ReportModel): string {
  const merged = m.mergedFrom
    ? `<p>Merged from ${m.mergedFrom.length} runs: ${m.mergedFrom.map((r) => `<code>${esc(r.runId)}</code> (${esc(r.status)}${r.harnessVersion ? `, harness ${esc(r.harnessVersion)}` : ''})`).join(', ')}.</p>`
    : '';
  return `<section id="run"><h2>Run</h2>
<table class="run"><tbody>
<tr><th>run id</th><td><code>${esc(m.runId)}</code></td></tr>
<tr><th>harness version</th><td>${esc(m.harnessVersion)}</td></tr>
<tr><th>started</th><td>${esc(m.startedAt)}</td></tr>
<tr><th>finished</th><td>${esc(m.finishedAt ?? 'not finished')}</td></tr>
<tr><th>report generated</th><td>${esc(m.generatedAt)}</td></tr>
</tbody></table>
${merged}
<h3>Lab config (secrets redacted)</h3>
${json(m.lab, 20000)}</section>`;
}

function excerptHtml(ranges: ExcerptLine[][]): string {
  return `<div class="excerpt">${ranges
    .map((r) => r.map((l) => `<div class="${l.hit ? 'hit' : l.near ? 'near' : ''}"${l.near ? ' title="nearest serial line to gate evidence"' : ''}><span class="n">${l.hit ? '▶' : l.near ? '≈' : ''}${l.n}</span>${esc(l.text)}</div>`).join(''))
    .join('<div class="excerpt-gap"></div>')}</div>`;
}

const ms = (n: number | undefined | null) => (n === undefined || n === null ? '—' : String(Math.round(n)));
const attemptVerdictLabel = { ok: 'on time', problem: 'wrong', missing: 'missing', unknown: 'not recorded' } as const;

/** A timing verdict's attempts, one row each: what the model expected, what the harness measured, what the board logged. */
function attemptTable(rows: AttemptRow[]): string {
  const runs = new Set(rows.map((r) => r.run)).size > 1;
  const body = rows
    .map((r) => {
      const verdict = attemptVerdict(r);
      const window = r.windowMs ? `${Math.round(r.windowMs[0])} – ${Math.round(r.windowMs[1])}` : '—';
      const server = r.expectedServer && r.expectedServer !== r.server ? `${esc(r.expectedServer)} <span class="muted">(went to ${esc(r.server)})</span>` : esc(r.expectedServer ?? r.server);
      const why = r.problems && r.problems.length > 0 ? `<div class="small">${r.problems.map(esc).join('<br>')}</div>` : '';
      return `<tr class="attempt-${verdict}" data-attempt="${r.attempt}">${runs ? `<td>${r.run}</td>` : ''}<td>${r.attempt}</td><td>${server}</td><td class="num">${ms(r.nominalMs)}</td><td class="num">${window}</td><td class="num">${ms(r.measuredMs)}</td><td class="num">${ms(r.loggedMs)}</td><td><span class="status status-${verdict === 'ok' ? 'pass' : verdict === 'unknown' ? 'skipped' : 'fail'}">${attemptVerdictLabel[verdict]}</span>${why}</td></tr>`;
    })
    .join('');
  return `<div class="scroll"><table class="attempts"><thead><tr>${runs ? '<th>run</th>' : ''}<th>attempt</th><th>expected server</th><th>expected delay (ms)</th><th>window (ms)</th><th>measured at the gate (ms)</th><th>logged by the board (ms)</th><th>verdict</th></tr></thead><tbody>${body}</tbody></table></div>
<p class="small muted">Delays run from the end of the previous attempt to the start of this one, in device time; “measured” is what the harness saw (at the broker's gate, or in the serial log when the gate saw nothing), “logged” the board's own <code>connecting after N ms</code>.</p>`;
}

/** A verdict's card; `s` is its scenario (none for a run-level verdict: no chart, no serial log). */
export function verdictHtml(v: VerdictView, s: ScenarioView | undefined): string {
  const device = (t: number | undefined) => (t === undefined || !s?.chart ? '' : ` · device ${(((t - s.chart.originT) * s.chart.timeScale) / 1000).toFixed(2)} s`);
  const evidence = v.evidence.map((e) => `<li>${e.t === undefined ? '' : `<code>+${e.t.toFixed(1)} ms${device(e.t)}</code> `}${esc(e.what)}</li>`).join('');
  const sources = v.source.map((src) => `<li><span class="src-kind src-${esc(src.kind)}">${esc(src.kind)}</span><code>${esc(src.id)}</code> ${esc(src.text)}</li>`).join('');
  const failing = v.verdict !== 'pass';
  const eo = `<div class="eo"><div><h4>expected</h4>${json(v.expected)}</div><div><h4>observed</h4>${json(v.observed)}</div></div>`;
  const rows = attemptRows(v.observed);
  const table = rows.length > 0 ? `<h4>attempts</h4>${attemptTable(rows)}` : '';
  const serialLog = s?.files.find((f) => f.label === 'serial log');
  return `<article class="verdict-row verdict-${v.verdict}" id="${esc(v.rowAnchor)}" data-check="${esc(v.id)}" data-verdict="${v.verdict}">
<p>${status(v.verdict)} <b><code>${esc(v.id)}</code></b> — ${esc(v.reason)} <span class="small">(${s ? `<a class="chart-link" href="#${esc(v.chartAnchor)}">chart</a> · ` : ''}<a href="#${esc(v.anchor)}">summary</a>)</span></p>
${table}
${failing && rows.length === 0 ? eo : `<details><summary>expected vs observed${rows.length > 0 ? ' (JSON)' : ''}</summary>${eo}</details>`}
<details${failing ? ' open' : ''}><summary>evidence (${v.evidence.length}) and sources (${v.source.length})</summary>
<h4>evidence</h4><ul class="evidence">${evidence || '<li class="muted">none</li>'}</ul>
<h4>sources</h4><ul class="sources">${sources || '<li class="muted">none</li>'}</ul></details>
${v.excerpt && v.excerpt.length > 0 ? `<h4>serial log around the evidence${serialLog ? ` (<a href="${esc(serialLog.href)}">whole log</a>)` : ''}</h4>${excerptHtml(v.excerpt)}` : ''}
</article>`;
}

export function scenarioHtml(s: ScenarioView): string {
  const chart = s.chart
    ? `<figure class="chart" id="${esc(s.chartAnchor)}">${svgTimeline(s.chart, s.chartAnchor, `${s.board}: ${s.title}`)}<figcaption class="small muted">${s.chart.attempts.length} attempt(s) observed${s.chart.windowsNote ? ` · ${esc(s.chart.windowsNote)}` : ''}</figcaption></figure>`
    : `<p class="muted" id="${esc(s.chartAnchor)}">${esc(s.chartNote ?? 'no chart')}</p>`;
  const error = s.error ? `<h4>error</h4><pre>${esc(s.error)}</pre>` : '';
  const tailLog = s.errorExcerpt ? `<h4>end of the serial log</h4>${excerptHtml([s.errorExcerpt])}` : '';
  return `<section class="scenario" id="${esc(s.anchor)}" data-board="${esc(s.board)}">
<h3><span class="sn">S${s.n}</span> · ${esc(s.title)} <span class="small muted">${esc(s.board)} · ${esc(s.file)}</span> ${status(s.status)}</h3>
<p class="small">${(s.durationMs / 1000).toFixed(1)} s wall${s.files.length > 0 ? ` · ${links(s.files)}` : ''}</p>
${chart}
${error}${tailLog}
${s.verdicts.map((v) => verdictHtml(v, s)).join('\n')}
</section>`;
}

export function renderHtml(m: ReportModel): string {
  const title = `mgos-hil qualification ${m.runId}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mgos-hil ${esc(m.harnessVersion)}">
<title>${esc(title)}</title><style>${css}</style></head>
<body data-status="${esc(m.status)}">
<header><h1>mgos-hil qualification report ${runBadge(m)}</h1>
${runNote(m)}
<p class="small">run <code>${esc(m.runId)}</code> · harness ${esc(m.harnessVersion)} · boards ${m.boards.map((b) => `<b>${esc(b.name)}</b> (<code>${esc(deviceId(b))}</code>, ${esc(b.record?.fwId ?? '?')})`).join(', ')}</p>
<p class="small links">${links(m.links)}</p>
<nav class="toc small"><a href="#provenance">provenance</a><a href="#summary">summary</a><a href="#sign-off">sign-off</a><a href="#doc-vs-behaviour">doc vs behaviour</a><a href="#boards">boards</a><a href="#run">run &amp; lab</a>${m.runLevel.length > 0 ? '<a href="#run-level">run-level verdicts</a>' : ''}<a href="#scenarios">scenarios</a></nav></header>
${provenanceSection(m)}
${summary(m)}
${signOffSection(m)}
${differencesSection(m)}
${boardsSection(m)}
${runSection(m)}
${m.runLevel.length > 0 ? `<section id="run-level"><h2>Run-level verdicts</h2>\n<p class="small muted">Judged over each board's whole run, not one scenario.</p>\n${m.runLevel.map((v) => verdictHtml(v, undefined)).join('\n')}\n</section>` : ''}
<section id="scenarios"><h2>Scenarios</h2>
${m.scenarios.map(scenarioHtml).join('\n')}
</section>
</body></html>
`;
}
