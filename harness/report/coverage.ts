/**
 * The report's coverage table (inside "Documentation vs behaviour"): every documented
 * call and config key of the library (harness/model/api-coverage.ts), the checks that
 * judge it with how many of this run's verdicts passed, failed or skipped, and for a row
 * no check judges, why.
 */
import { apiCoverage, type CoverageRow } from '../model/api-coverage.ts';
import { esc } from './escape.ts';
import type { ReportModel, VerdictView } from './model.ts';

function checkCell(id: string, verdicts: readonly VerdictView[]): string {
  const mine = verdicts.filter((v) => v.id === id);
  const count = (k: VerdictView['verdict']) => mine.filter((v) => v.verdict === k).length;
  const tally = mine.length === 0 ? 'not run' : (['pass', 'fail', 'skip'] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`).join(', ');
  return `<code>${esc(id)}</code> <span class="small muted">(${esc(tally)})</span>`;
}

function row(r: CoverageRow, verdicts: readonly VerdictView[]): string {
  const checks = r.checks.length > 0
    ? r.checks.map((c) => checkCell(c, verdicts)).join('<br>')
    : `<span class="uncovered">not covered</span> <span class="small">${esc(r.uncovered ?? '')}</span>`;
  return `<tr class="coverage-${r.checks.length > 0 ? 'covered' : 'uncovered'}"><td>${esc(r.area)}</td><td><code>${esc(r.item)}</code></td><td>${checks}</td></tr>`;
}

export function coverageSection(m: ReportModel): string {
  const verdicts = m.scenarios.flatMap((s) => s.verdicts);
  const uncovered = apiCoverage.filter((r) => r.checks.length === 0).length;
  return `<h3 id="api-coverage">The documented API and configuration, and what judges it</h3>
<p class="small muted">${apiCoverage.length} rows; ${uncovered} not covered by any check, each with the reason.</p>
<table class="coverage"><thead><tr><th>area</th><th>documented call or key</th><th>checks (this run's verdicts) or why none</th></tr></thead><tbody>
${apiCoverage.map((r) => row(r, verdicts)).join('\n')}
</tbody></table>`;
}
