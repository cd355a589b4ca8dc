/**
 * Which scenarios judge a check: those whose `scenario.verifying([...ids], …)` names it.
 * Read from the spec files' text, so that `hil qualify --check ID` can pick its scenarios
 * before anything runs. A scenario is found as `test('title', …)` (or a template title,
 * whose `${…}` parts match anything) followed, before the next test, by its verifying call.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type CheckId, checkIds } from '../contract/check-ids.ts';
import type { RunResults } from '../report/results.ts';
import { LATEST_LINK, runFile } from '../report/run-folder.ts';

export interface JudgingScenario {
  /** The spec file, relative to the scenarios folder. */
  file: string;
  /** The title as a regular expression (a template title's `${…}` parts match anything). */
  titlePattern: string;
  checks: CheckId[];
}

const TEST_CALL = /\btest\(\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|`((?:\\.|[^`\\])*)`)/g;
const VERIFYING = /\.verifying\(\s*\[([^\]]*)\]/g;
const QUOTED = /'([^']*)'|"([^"]*)"/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const unescapeJs = (text: string) => text.replace(/\\(.)/g, '$1');

function titlePattern(quoted: string | undefined, template: string | undefined): string {
  if (quoted !== undefined) return escapeRegExp(unescapeJs(quoted));
  return template!.split(/\$\{[^}]*\}/).map((part) => escapeRegExp(unescapeJs(part))).join('.*');
}

/** Every scenario of one spec file's text with the checks its verifying calls name. */
export function judgingScenariosOf(file: string, text: string): JudgingScenario[] {
  const calls = [...text.matchAll(TEST_CALL)];
  return calls.map((call, i) => {
    const body = text.slice(call.index, calls[i + 1]?.index ?? text.length);
    const checks = [...body.matchAll(VERIFYING)].flatMap((v) => [...v[1]!.matchAll(QUOTED)].map((q) => (q[1] ?? q[2]) as CheckId));
    return { file, titlePattern: titlePattern(call[1] ?? call[2], call[3]), checks: [...new Set(checks)] };
  });
}

export function judgingScenarios(scenariosDir: string): JudgingScenario[] {
  return fs
    .readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.spec.ts'))
    .sort()
    .flatMap((f) => judgingScenariosOf(f, fs.readFileSync(path.join(scenariosDir, f), 'utf8')));
}

export class SelectionError extends Error {}

/**
 * A --grep that selects the scenarios judging any of `ids`. Playwright matches a grep
 * against "project file … title tags" (a title's own @tags repeated at its end), so each
 * title is anchored there: one title that begins another selects only itself.
 */
export function checkGrep(ids: readonly string[], scenarios: readonly JudgingScenario[], suggest: (id: string) => string): string {
  const unknown = ids.filter((id) => !(checkIds as readonly string[]).includes(id));
  if (unknown.length > 0) throw new SelectionError(unknown.map((id) => `unknown check id "${id}"${suggest(id)}`).join('; '));
  const chosen = scenarios.filter((s) => s.checks.some((c) => ids.includes(c)));
  if (chosen.length === 0) throw new SelectionError(`no scenario judges ${ids.join(', ')}: no scenario names it in scenario.verifying([...])`);
  return scenarioGrep(chosen);
}

/** A --grep that selects exactly these scenarios (titles as patterns). */
export function scenarioGrep(scenarios: readonly Pick<JudgingScenario, 'file' | 'titlePattern'>[]): string {
  return `(?:${scenarios.map((s) => `${escapeRegExp(s.file)} .*${s.titlePattern}(?: @\\S+)*$`).join('|')})`;
}

/** A --grep of the scenarios that did not pass in the newest run of `reportsDir` (`--last-failed`). */
export function lastFailedGrep(reportsDir: string): string {
  const file = runFile(path.join(reportsDir, LATEST_LINK), 'results');
  let results: RunResults;
  try {
    results = JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
  } catch (err) {
    throw new SelectionError(`--last-failed reads the newest run's ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): run hil qualify first`);
  }
  const failed = results.scenarios.filter((s) => s.status !== 'passed' && s.status !== 'skipped');
  if (failed.length === 0) throw new SelectionError(`--last-failed: every scenario of the newest run (${results.runId}) passed; nothing to run again`);
  return scenarioGrep(failed.map((s) => ({ file: path.basename(s.file), titlePattern: escapeRegExp(s.title) })));
}
