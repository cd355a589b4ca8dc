/**
 * The report on paper for a lab-sized run. index.html holds every verdict with its
 * evidence, sources, chart and attempts; printed whole, a 32-board full qualification
 * (2144 scenarios, 69 MB of HTML) was still printing after 7 minutes at 8.4 GB, while one
 * board's 2.2 MB printed in 6 s (docs/performance.md). So above FULL_PAPER_MAX_SCENARIOS
 * the PDF is printed from a condensed page instead:
 *
 *   - the front matter as on screen (provenance, summary, sign-off, doc vs behaviour,
 *     boards, run and lab), the checks-per-board table and doc vs behaviour counting
 *     verdicts instead of listing them; run-level verdicts that did not pass in full, the
 *     passes one row each;
 *   - every scenario with a verdict that did not pass, or that broke, in full;
 *   - every scenario as one row of a scenarios × boards table (a mark per board) with the
 *     checks it judged;
 *   - each model source once, in an appendix, with the checks that cite it;
 *   - the SHA-256 of index.html, so the paper names the evidence it summarises.
 */
import crypto from 'node:crypto';
import { boardsSection, css, differencesSection, provenanceSection, runBadge, runNote, runSection, scenarioHtml, signOffSection, status, summary, tally, verdictHtml } from './html.ts';
import { esc } from './escape.ts';
import type { BoardView, ReportModel, ScenarioView, VerdictView } from './model.ts';

/** Runs with more scenarios than this are printed condensed (one board runs 67 scenarios). */
export const FULL_PAPER_MAX_SCENARIOS = 150;

export type PaperDetail = 'full' | 'condensed';
export type PaperChoice = PaperDetail | 'auto';

export function paperDetail(m: Pick<ReportModel, 'scenarios'>, choice: PaperChoice = 'auto'): PaperDetail {
  if (choice !== 'auto') return choice;
  return m.scenarios.length > FULL_PAPER_MAX_SCENARIOS ? 'condensed' : 'full';
}

/** A scenario printed in full on paper: one of its verdicts did not pass, or it broke before judging. */
export function printedInFull(s: ScenarioView): boolean {
  return s.status !== 'passed' || s.verdicts.some((v) => v.verdict !== 'pass');
}

const paperCss = `
table.paper-grid { font-size: 9px; table-layout: auto; } table.paper-grid th, table.paper-grid td { padding: 1px 3px; }
table.paper-grid td.mark { text-align: center; white-space: nowrap; } table.paper-grid th.board { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.mark-pass { color: var(--pass); } .mark-fail { color: var(--fail); font-weight: 700; } .mark-skip { color: var(--skip); font-weight: 700; } .mark-none { color: #bbb; }
table.paper-grid tr { break-inside: avoid; } table.paper-grid tr.grid-title { break-after: avoid; } table.paper-grid tr.grid-title td { border-bottom: none; background: #fafbfc; } ul.paper-sources li { font-size: 10px; break-inside: avoid; }
`;

/** A check's verdicts on one board, counted: `66✓ 1✗`. */
function countCell(vs: BoardView['checks'][string]): string {
  const n = tally(vs, (v) => v.verdict);
  const marks: Array<[VerdictView['verdict'], string]> = [['pass', '✓'], ['fail', '✗'], ['skip', '?']];
  const parts = marks.filter(([k]) => n.has(k)).map(([k, sign]) => `<span class="mark-${k}">${n.get(k)}${sign}</span>`);
  return `<td class="mark">${parts.join(' ')}</td>`;
}

/** One scenario's mark in the grid: ✓ every verdict passed, ✗ one failed or it broke, ? one was skipped or not judged. */
function mark(s: ScenarioView): string {
  const broke = s.status !== 'passed' && s.status !== 'skipped' && !s.verdicts.some((v) => v.verdict === 'fail');
  const cls = s.verdicts.some((v) => v.verdict === 'fail') || broke ? 'fail' : s.verdicts.some((v) => v.verdict === 'skip') || s.status === 'skipped' ? 'skip' : 'pass';
  const text = { pass: '✓', fail: '✗', skip: '?' }[cls];
  const title = `S${s.n} ${s.status}${s.verdicts.length > 0 ? `, ${s.verdicts.length} verdicts` : ''}`;
  return printedInFull(s) ? `<a class="mark-${cls}" href="#${esc(s.anchor)}" title="${esc(title)}">${text}<span class="sn">S${s.n}</span></a>` : `<span class="mark-${cls}" title="${esc(title)}">${text}</span>`;
}

/** Every scenario once: a row per scenario (file and title), a column per board. */
function scenarioGrid(m: ReportModel): string {
  const rows = new Map<string, { file: string; title: string; checks: Set<string>; byBoard: Map<string, ScenarioView[]> }>();
  for (const s of m.scenarios) {
    const key = `${s.file}\u0000${s.title}`;
    const row = rows.get(key) ?? { file: s.file, title: s.title, checks: new Set<string>(), byBoard: new Map<string, ScenarioView[]>() };
    rows.set(key, row);
    for (const v of s.verdicts) row.checks.add(v.id);
    const list = row.byBoard.get(s.board) ?? [];
    list.push(s);
    row.byBoard.set(s.board, list);
  }
  const head = m.boards.map((b) => `<th class="board">${esc(b.name)}</th>`).join('');
  const body = [...rows.values()]
    .map((r) => {
      const cells = m.boards.map((b) => {
        const list = r.byBoard.get(b.name);
        return list ? `<td class="mark">${list.map(mark).join(' ')}</td>` : '<td class="mark mark-none">·</td>';
      });
      // The title on a row of its own: a cell that wraps beside others interleaves with them in the PDF's text.
      return `<tr class="grid-title"><td colspan="${m.boards.length + 1}"><b>${esc(r.title)}</b> <span class="muted">${esc(r.file)}</span></td></tr>
<tr class="grid-marks"><td class="small">${[...r.checks].map((c) => `<code>${esc(c)}</code>`).join(' ')}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<section id="scenario-grid"><h2>Every scenario on every board</h2>
<p class="small muted">✓ every verdict passed · ✗ a verdict failed or the scenario broke · ? a verdict was skipped or not judged · · not run on the board. A mark with a number (S<i>n</i>) is printed in full under “Scenarios that did not pass”.</p>
<div class="scroll"><table class="paper-grid"><thead><tr><th>scenario, then the checks it judged</th>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>`;
}

/** Each source of a verdict once, with the checks that cite it. */
function sourcesAppendix(m: ReportModel): string {
  const all = [...m.scenarios.flatMap((s) => s.verdicts), ...m.runLevel];
  const byId = new Map<string, { kind: string; text: string; checks: Set<string> }>();
  for (const v of all) {
    for (const src of v.source) {
      const entry = byId.get(src.id) ?? { kind: src.kind, text: src.text, checks: new Set<string>() };
      entry.checks.add(v.id);
      byId.set(src.id, entry);
    }
  }
  // A list, not a table: a table row split across pages interleaves its cells in the PDF's text.
  const items = [...byId.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, e]) => `<li data-source="${esc(id)}"><span class="src-kind src-${esc(e.kind)}">${esc(e.kind)}</span><code>${esc(id)}</code> ${esc(e.text)} <span class="small muted">cited by ${[...e.checks].sort().map((c) => `<code>${esc(c)}</code>`).join(', ')}</span></li>`)
    .join('\n');
  return `<section id="sources-appendix"><h2>Appendix: the reference model's sources</h2>
<p class="small muted">Every source a verdict of this run rests on, once: the library's documentation (doc), its C implementation (impl) or the MQTT 3.1.1 standard.</p>
<ul class="sources paper-sources">
${items}
</ul></section>`;
}

/** Run-level verdicts: those that did not pass in full, the passes one row each (board, check, reason). */
function runLevelSection(all: readonly VerdictView[], full: readonly VerdictView[]): string {
  if (all.length === 0) return '';
  const passes = all.filter((v) => v.verdict === 'pass');
  const rows = passes.map((v) => `<tr><td>${esc(v.board)}</td><td><code>${esc(v.id)}</code></td><td>${esc(v.reason)}</td></tr>`).join('\n');
  return `<section id="run-level"><h2>Run-level verdicts</h2>
<p class="small muted">Judged over each board's whole run, not one scenario.${full.length > 0 ? ' Those that did not pass first, in full; then' : ''} ${passes.length} passing verdict(s), one row each (their evidence is in index.html).</p>
${full.map((v) => verdictHtml(v, undefined)).join('\n')}
${passes.length > 0 ? `<table class="paper-run-level"><thead><tr><th>board</th><th>check</th><th>reason</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ''}
</section>`;
}

/**
 * The condensed page. Links to a verdict that is not printed (a pass, from the summary or
 * doc vs behaviour) lead to the scenario grid instead of nowhere.
 */
export function renderPaperHtml(m: ReportModel, indexHtml: string): string {
  const sha = crypto.createHash('sha256').update(indexHtml).digest('hex');
  const full = m.scenarios.filter(printedInFull);
  const printed = new Set<string>(['sources-appendix', 'scenario-grid']);
  for (const s of full) {
    printed.add(s.anchor);
    printed.add(s.chartAnchor);
    for (const v of s.verdicts) printed.add(v.rowAnchor);
  }
  const runLevelFull = m.runLevel.filter((v) => v.verdict !== 'pass');
  for (const v of runLevelFull) printed.add(v.rowAnchor);
  const front = [provenanceSection(m), summary(m, { cell: countCell }), signOffSection(m), differencesSection(m, true), boardsSection(m), runSection(m)].join('\n');
  const title = `mgos-hil qualification ${m.runId}`;
  const condensedNote = `On paper the ${m.scenarios.length - full.length} scenarios whose every verdict passed are one mark each (the run has ${m.scenarios.length} scenarios, more than ${FULL_PAPER_MAX_SCENARIOS}); the ${full.length} others are printed in full. Every verdict's reason, evidence, sources, chart and attempts are in index.html, SHA-256 ${sha}.`;
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(title)}</title><style>${css}${paperCss}</style></head>
<body data-status="${esc(m.status)}" data-paper="condensed">
<header><h1>mgos-hil qualification report ${runBadge(m)}</h1>
${runNote(m)}
<p class="run-note paper-note">${esc(condensedNote)}</p>
<p class="small">run <code>${esc(m.runId)}</code> · harness ${esc(m.harnessVersion)} · ${m.boards.length} boards</p></header>
${front}
${runLevelSection(m.runLevel, runLevelFull)}
${scenarioGrid(m)}
<section id="scenarios"><h2>Scenarios that did not pass</h2>
${full.length === 0 ? '<p>Every verdict of every scenario passed.</p>' : full.map(scenarioHtml).join('\n')}
</section>
${sourcesAppendix(m)}
<p class="small muted">${status(m.status)} index.html SHA-256 <code>${sha}</code></p>
</body></html>
`;
  return page.replace(/href="#([^"]+)"/g, (whole, id: string) => {
    if (printed.has(id) || !/^(v|verdict|scenario|chart)-/.test(id)) return whole;
    return id.startsWith('v-') ? 'href="#summary"' : 'href="#scenario-grid"';
  });
}
