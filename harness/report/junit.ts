/**
 * junit.xml for CI servers (Jenkins, GitLab), made from results.json, so it says what the
 * qualification says rather than what Playwright saw:
 *
 *   - one <testsuite> per board, the board in every classname (`<board>.<spec>`): CI
 *     servers key a test by classname + name, so two boards never hide each other;
 *   - one <testcase> per verdict (`<scenario title> [<check id>]`): a failing check is a
 *     <failure> with its reason, a skipped one <skipped>; a scenario that judged nothing
 *     is one <testcase> of its own — broken or interrupted: <error>, skipped: <skipped>;
 *   - <properties> per board: device id, firmware id, time scale, harness version and commit;
 *   - the serial log and timeline as `[[ATTACHMENT|path]]` lines in <system-out>, which
 *     Jenkins' JUnit attachments and GitLab both pick up (paths relative to the project
 *     folder, the CI job's workspace, when the run folder is inside it; absolute otherwise).
 *
 * Text comes from results.json, whose lab and errors are already redacted; reasons are
 * redacted again here, since a CI server publishes this file.
 */
import path from 'node:path';
import { redactText } from '../secrets.ts';
import { brokenReason, type BoardRecord, type RunResults, type ScenarioRecord, type VerdictRecord } from './results.ts';

export interface JunitOptions {
  runDir: string;
  /** Attachment paths are given relative to this folder when the run folder is inside it. */
  projectDir: string;
  hostname?: string;
}

// XML 1.0 allows neither most control characters nor lone surrogates: serial text may hold them.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or an attribute value, safe inside XML. */
export function xmlText(value: unknown): string {
  return redactText(String(value))
    .replace(NOT_XML, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const attrs = (a: Record<string, string | number | undefined>): string =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(v)}"`)
    .join('');

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** `<board>.<spec file without .spec.ts>`: the board first, so it groups the results. */
export function junitClassname(board: string, file: string): string {
  return `${board}.${path.basename(file).replace(/\.spec\.[cm]?[jt]s$/, '')}`;
}

interface Case {
  name: string;
  classname: string;
  timeMs: number;
  outcome?: { tag: 'failure' | 'error' | 'skipped'; type: string; message: string; body?: string };
  attachments: string[];
}

function attachmentPath(options: JunitOptions, ref: string): string {
  const abs = path.resolve(options.runDir, ref);
  const rel = path.relative(options.projectDir, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
}

function verdictCase(s: ScenarioRecord, v: VerdictRecord, attachments: string[]): Case {
  const base = { name: `${s.title} [${v.id}]`, classname: junitClassname(s.board, s.file), timeMs: s.durationMs, attachments };
  if (v.verdict === 'pass') return base;
  const body = `${v.reason}\nexpected: ${JSON.stringify(v.expected)}\nobserved: ${JSON.stringify(v.observed)}`;
  return v.verdict === 'fail'
    ? { ...base, outcome: { tag: 'failure', type: v.id, message: v.reason, body } }
    : { ...base, outcome: { tag: 'skipped', type: v.id, message: v.reason } };
}

function scenarioCases(s: ScenarioRecord, verdicts: readonly VerdictRecord[], options: JunitOptions): Case[] {
  const own = verdicts.filter((v) => v.board === s.board && v.scenario === s.title && v.file === s.file);
  const attachments = [s.serialLog, s.timeline].filter((r): r is string => r !== undefined).map((r) => attachmentPath(options, r));
  const cases = own.map((v) => verdictCase(s, v, attachments));
  const broken = brokenReason(s, verdicts);
  // A scenario that broke after some verdicts still broke: its own case says so.
  if (broken !== undefined) {
    cases.push({
      name: s.title,
      classname: junitClassname(s.board, s.file),
      timeMs: s.durationMs,
      attachments,
      outcome: { tag: 'error', type: s.status === 'interrupted' ? 'interrupted' : 'broken', message: broken, ...(s.error ? { body: s.error } : {}) },
    });
  } else if (cases.length === 0) {
    const skipped = s.status === 'skipped';
    cases.push({
      name: s.title,
      classname: junitClassname(s.board, s.file),
      timeMs: s.durationMs,
      attachments,
      ...(skipped ? { outcome: { tag: 'skipped' as const, type: 'skipped', message: s.error ?? 'skipped' } } : {}),
    });
  }
  // The scenario's time once, on its first case, so that the cases add up to the suite.
  return cases.map((c, i) => (i === 0 ? c : { ...c, timeMs: 0 }));
}

function boardProperties(board: string, record: BoardRecord | undefined, results: RunResults): Record<string, string> {
  const info = record?.info ?? {};
  const props: Record<string, string | undefined> = {
    board,
    'board.kind': record?.kind,
    'device.id': info.id === undefined ? undefined : String(info.id),
    'firmware.id': record?.fwId,
    'firmware.version': info.fw_version === undefined ? undefined : String(info.fw_version),
    'time.scale': record ? String(record.timeScale) : undefined,
    personalities: record && record.personalities.length > 0 ? record.personalities.join(',') : undefined,
    'harness.version': results.harnessVersion,
    'harness.commit': results.provenance?.harnessCommit,
    'run.id': results.runId,
    'run.status': results.status,
  };
  return Object.fromEntries(Object.entries(props).filter((e): e is [string, string] => e[1] !== undefined));
}

function caseXml(c: Case): string {
  const inner: string[] = [];
  if (c.outcome) {
    const { tag, type, message, body } = c.outcome;
    inner.push(body === undefined ? `<${tag}${attrs({ type, message })}/>` : `<${tag}${attrs({ type, message })}>${xmlText(body)}</${tag}>`);
  }
  if (c.attachments.length > 0) inner.push(`<system-out>${c.attachments.map((a) => xmlText(`[[ATTACHMENT|${a}]]`)).join('\n')}</system-out>`);
  const open = `    <testcase${attrs({ name: c.name, classname: c.classname, time: seconds(c.timeMs) })}`;
  return inner.length === 0 ? `${open}/>` : `${open}>\n      ${inner.join('\n      ')}\n    </testcase>`;
}

/** The boards in the order the lab lists them, then any only the scenarios name. */
function boardsOf(results: RunResults): string[] {
  const lab = (results.lab as { boards?: { name: string }[] } | undefined)?.boards?.map((b) => b.name) ?? [];
  return [...new Set([...lab, ...Object.keys(results.boards), ...results.scenarios.map((s) => s.board)])];
}

export function junitXml(results: RunResults, options: JunitOptions): string {
  const suites = boardsOf(results).map((board) => {
    const scenarios = results.scenarios.filter((s) => s.board === board);
    const cases = scenarios.flatMap((s) => scenarioCases(s, results.verdicts, options));
    const count = (tag: string) => cases.filter((c) => c.outcome?.tag === tag).length;
    return { board, cases, scenarios, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
  });
  const total = (k: 'failures' | 'errors' | 'skipped') => suites.reduce((n, s) => n + s[k], 0);
  const totalMs = results.scenarios.reduce((n, s) => n + s.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `mgos-hil ${results.runId}`, tests: suites.reduce((n, s) => n + s.cases.length, 0), failures: total('failures'), errors: total('errors'), time: seconds(totalMs) })}>`,
  ];
  for (const s of suites) {
    const ms = s.scenarios.reduce((n, x) => n + x.durationMs, 0);
    lines.push(
      `  <testsuite${attrs({ name: s.board, tests: s.cases.length, failures: s.failures, errors: s.errors, skipped: s.skipped, time: seconds(ms), timestamp: s.scenarios[0]?.startedAt ?? results.startedAt, hostname: options.hostname })}>`,
      '    <properties>',
      ...Object.entries(boardProperties(s.board, results.boards[s.board], results)).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
      '    </properties>',
      ...s.cases.map(caseXml),
      '  </testsuite>',
    );
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
