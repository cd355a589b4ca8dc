/** The kill matrix and the soak numbers as Markdown for docs/check-power.md. */
import { checkIds } from '../checks/input.ts';
import type { Cell } from './cells.ts';
import type { Kill } from './expected-kills.ts';
import { judgeRow, type MatrixRow } from './kill-matrix.ts';

const mark: Record<Cell, string> = { pass: '·', fail: '**✗**', skip: 'skip', missing: '—' };

export function renderMatrix(rows: MatrixRow[], expected: Record<string, Kill>): string {
  const used = checkIds;
  const header = `| personality | ${used.map((id) => `\`${id}\``).join(' | ')} | expected to fail | may also fail or skip | verdict |`;
  const sep = `|---|${used.map(() => ':-:').join('|')}|---|---|---|`;
  const lines = rows.map((r) => {
    const kill = expected[r.personality];
    const j = kill ? judgeRow(r, kill) : undefined;
    const anyFail = used.some((id) => r.cells[id] === 'fail');
    const verdict = !j
      ? anyFail ? 'caught (no expectation recorded)' : '**not caught**'
      : j.missed.length + j.falseAlarms.length + r.broken.length === 0
        ? 'as expected'
        : `**unexpected**: ${[j.missed.length ? `missed ${j.missed.join(', ')}` : '', j.falseAlarms.length ? `false alarms ${j.falseAlarms.join(', ')}` : '', r.broken.length ? `broken: ${r.broken.join('; ')}` : ''].filter(Boolean).join('; ')}`;
    const want = kill ? kill.fails.map((id) => `\`${id}\``).join(', ') || 'none' : '?';
    const affected = kill?.affects?.length ? kill.affects.map((id) => `\`${id}\``).join(', ') : '';
    return `| \`${r.personality}\` | ${used.map((id) => mark[r.cells[id]]).join(' | ')} | ${want} | ${affected} | ${verdict} |`;
  });
  return [header, sep, ...lines].join('\n');
}
