/**
 * The qualification report as data: everything index.html shows, built from a run folder
 * (results.json plus each scenario's checks input and serial log). html.ts renders it;
 * it is also written next to the report as report-model.json, so the page can be checked
 * (and re-rendered) without re-reading the evidence.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CheckInput } from '../checks/input.ts';
import { checkIds } from '../contract/check-ids.ts';
import { mqttSection } from '../contract/mqtt-config.ts';
import { NOTE } from '../contract/notes.ts';
import type { SourceRef } from '../model/sources.ts';
import { redact, redactText } from '../secrets.ts';
import type { Provenance } from './provenance.ts';
import type { TimelineEvent } from '../timeline/events.ts';
import { type ChartData, chartData } from './chart.ts';
import { slug } from './escape.ts';
import { type ExcerptLine, excerptAround, parseSerialLog, tail } from './excerpts.ts';
import { type DifferenceView, docVsBehaviour } from './findings.ts';
import { type BoardRecord, brokenReason, describeFilter, isFiltered, type RunResults, type ScenarioRecord, type VerdictRecord } from './results.ts';
import { mergedRunRef, RUN_FILES, runFile, scenarioSlugOf } from './run-folder.ts';

export interface Totals {
  scenarios: number;
  verdicts: number;
  pass: number;
  fail: number;
  skip: number;
  /** Scenarios that broke before their checks could judge (failed without a failing verdict). */
  broken: number;
}

export interface Link {
  label: string;
  href: string;
}

export interface VerdictView {
  anchor: string;
  rowAnchor: string;
  chartAnchor: string;
  scenarioAnchor: string;
  board: string;
  scenario: string;
  file: string;
  id: string;
  verdict: VerdictRecord['verdict'];
  reason: string;
  expected: unknown;
  observed: unknown;
  evidence: VerdictRecord['evidence'];
  source: SourceRef[];
  /** Serial-log lines around the evidence stamps (failing verdicts only). */
  excerpt?: ExcerptLine[][];
}

export interface ScenarioView {
  /** 1-based, in run order: the short name (S<n>) the summary's chips use. */
  n: number;
  anchor: string;
  chartAnchor: string;
  board: string;
  title: string;
  file: string;
  status: ScenarioRecord['status'];
  durationMs: number;
  error?: string;
  files: Link[];
  chart?: ChartData;
  /** Why there is no chart, when there is none. */
  chartNote?: string;
  verdicts: VerdictView[];
  /** The end of the serial log, for a scenario that broke before judging. */
  errorExcerpt?: ExcerptLine[];
}

export interface BoardView {
  name: string;
  record?: BoardRecord;
  totals: Totals;
  status: 'passed' | 'failed' | 'error';
  /** Per check id: the verdicts of this board, by anchor. */
  checks: Record<string, { verdict: VerdictRecord['verdict']; anchor: string; scenario: string; scenarioN?: number }[]>;
}

/** Where one run came from (a merged report has one per source run). */
export interface ProvenanceView {
  runId: string;
  harnessVersion: string;
  harnessCommit?: string;
  harnessDirty?: boolean;
  scenariosCommit?: string;
  host?: string;
  node?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface ReportModel {
  schema: 'mgos-hil/report@1';
  runId: string;
  harnessVersion: string;
  startedAt: string;
  finishedAt?: string;
  status: RunResults['status'];
  /** What a filtered (partial) run left out, in words. */
  leftOut?: string;
  generatedAt: string;
  totals: Totals;
  links: Link[];
  boards: BoardView[];
  checkIds: string[];
  scenarios: ScenarioView[];
  failures: VerdictView[];
  /** Verdicts of no one scenario (run-level, such as backoff.jitter-distribution over a board's whole run). */
  runLevel: VerdictView[];
  differences: DifferenceView[];
  /** The lab config(s), secrets redacted. A merged report has one entry per source run. */
  lab: unknown;
  mergedFrom?: { runId: string; status: string; harnessVersion?: string }[];
  provenance: ProvenanceView[];
}

function provenanceView(runId: string, harnessVersion: string, p: Provenance | undefined, startedAt: unknown, finishedAt: unknown): ProvenanceView {
  const v: ProvenanceView = { runId, harnessVersion: p?.harnessVersion ?? harnessVersion };
  if (p?.harnessCommit) v.harnessCommit = p.harnessCommit;
  if (p?.harnessDirty !== undefined) v.harnessDirty = p.harnessDirty;
  if (p?.scenariosCommit) v.scenariosCommit = p.scenariosCommit;
  if (p?.host) v.host = p.host;
  if (p?.node) v.node = p.node;
  if (typeof startedAt === 'string') v.startedAt = startedAt;
  if (typeof finishedAt === 'string') v.finishedAt = finishedAt;
  return v;
}

const sameScenario = (s: ScenarioRecord, v: VerdictRecord) => s.board === v.board && s.title === v.scenario && s.file === v.file;

export function totalsOf(scenarios: readonly ScenarioRecord[], verdicts: readonly VerdictRecord[]): Totals {
  const count = (k: VerdictRecord['verdict']) => verdicts.filter((v) => v.verdict === k).length;
  return {
    scenarios: scenarios.length,
    verdicts: verdicts.length,
    pass: count('pass'),
    fail: count('fail'),
    skip: count('skip'),
    broken: scenarios.filter((s) => brokenReason(s, verdicts) !== undefined).length,
  };
}

function scenarioSlug(s: ScenarioRecord): string {
  const base = s.timeline ? scenarioSlugOf(s.timeline) : '';
  return slug(base || `${s.file}-${s.title}`);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function readEvents(file: string): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as TimelineEvent);
    } catch {
      // a line cut by a crash: the rest is still worth showing
    }
  }
  return out;
}

/**
 * A scenario that broke before its checks judged has no checks input: rebuild one from
 * its timeline (the slice from the boot line before "scenario start") so its attempts can
 * still be drawn. The config is the library's default with the servers the note names,
 * which is not enough to place the model's windows: those are left out.
 */
function inputFromTimeline(events: TimelineEvent[], board: BoardRecord | undefined, name: string): CheckInput | undefined {
  const startIdx = events.findLastIndex((e) => e.kind === 'note' && e.text === NOTE.scenarioStart);
  if (startIdx < 0) return undefined;
  const note = events[startIdx] as Extract<TimelineEvent, { kind: 'note' }>;
  let from = startIdx;
  for (let i = startIdx; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'serial' && /"ev":"boot"/.test(e.line.text)) {
      from = i;
      break;
    }
  }
  const faults = events.slice(0, from).filter((e) => e.kind === 'fault');
  const inForce = (['primary', 'backup'] as const).flatMap((b) => faults.filter((e) => e.kind === 'fault' && e.broker === b).slice(-1));
  const server = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    board: {
      name,
      deviceId: typeof board?.info?.id === 'string' ? board.info.id : '',
      timeScale: board?.timeScale ?? 1,
      epsilonMs: board?.epsilonMs ?? 0,
    },
    config: {
      mqtt: mqttSection.parse({ enable: true, server: server(note.data?.mqtt) }),
      mqtt1: mqttSection.parse({ server: server(note.data?.mqtt1) }),
    },
    events: [...inForce, ...events.slice(from)],
    actions: [],
  };
}

export interface BuildOptions {
  /** Whether report.pdf is (or will be) next to index.html. */
  pdf?: boolean;
  now?: Date;
}

export function buildReportModel(runDir: string, results: RunResults, options: BuildOptions = {}): ReportModel {
  const file = (rel: string | undefined) => (rel ? path.join(runDir, rel) : undefined);
  const exists = (rel: string) => fs.existsSync(path.join(runDir, rel));
  const boardNames = [...new Set([...Object.keys(results.boards), ...results.scenarios.map((s) => s.board), ...results.verdicts.map((v) => v.board)])];

  // Anchors: one per scenario (board + slug), one per verdict (+ check id), made unique.
  const used = new Set<string>();
  const unique = (id: string) => {
    let out = id;
    for (let n = 2; used.has(out); n++) out = `${id}-${n}`;
    used.add(out);
    return out;
  };
  const scenarioKeys = results.scenarios.map((s) => unique(`${slug(s.board)}-${scenarioSlug(s)}`));
  const verdictKey = new Map<VerdictRecord, string>();
  const scenarioOf = new Map<VerdictRecord, number>();
  for (const v of results.verdicts) {
    const si = results.scenarios.findIndex((s) => sameScenario(s, v));
    scenarioOf.set(v, si);
    const base = si >= 0 ? scenarioKeys[si]! : `${slug(v.board)}-${slug(v.scenario)}`;
    verdictKey.set(v, unique(`${base}-${v.id}`));
  }
  const anchorOf = (v: VerdictRecord) => `v-${verdictKey.get(v)}`;

  const logCache = new Map<string, ReturnType<typeof parseSerialLog>>();
  const logLines = (rel: string | undefined) => {
    const f = file(rel);
    if (!f || !fs.existsSync(f)) return undefined;
    if (!logCache.has(f)) logCache.set(f, parseSerialLog(fs.readFileSync(f, 'utf8')));
    return logCache.get(f);
  };

  const verdictView = (v: VerdictRecord): VerdictView => {
    const si = scenarioOf.get(v) ?? -1;
    const key = verdictKey.get(v)!;
    const scenarioKey = si >= 0 ? scenarioKeys[si]! : key;
    const view: VerdictView = {
      anchor: anchorOf(v),
      rowAnchor: `verdict-${key}`,
      chartAnchor: `chart-${scenarioKey}`,
      scenarioAnchor: `scenario-${scenarioKey}`,
      board: v.board,
      scenario: v.scenario,
      file: v.file,
      id: v.id,
      verdict: v.verdict,
      reason: v.reason,
      expected: redact(v.expected),
      observed: redact(v.observed),
      evidence: v.evidence.map((e) => ({ ...e, what: redactText(e.what) })),
      source: v.source,
    };
    if (v.verdict !== 'pass' && si >= 0) {
      const lines = logLines(results.scenarios[si]!.serialLog);
      const marks = v.evidence.flatMap((e) => (e.t === undefined ? [] : [{ t: e.t, what: e.what }]));
      if (lines) view.excerpt = marks.length > 0 ? excerptAround(lines, marks) : [tail(lines)];
    }
    return view;
  };
  const verdictViews = new Map(results.verdicts.map((v) => [v, verdictView(v)]));

  const scenarios: ScenarioView[] = results.scenarios.map((s, si) => {
    const key = scenarioKeys[si]!;
    const files: Link[] = [];
    if (s.timeline && exists(s.timeline)) files.push({ label: 'timeline (JSONL)', href: s.timeline });
    if (s.serialLog && exists(s.serialLog)) files.push({ label: 'serial log', href: s.serialLog });
    if (s.checksInput && exists(s.checksInput)) files.push({ label: 'checks input', href: s.checksInput });
    const view: ScenarioView = {
      n: si + 1,
      anchor: `scenario-${key}`,
      chartAnchor: `chart-${key}`,
      board: s.board,
      title: s.title,
      file: s.file,
      status: s.status,
      durationMs: s.durationMs,
      files,
      verdicts: results.verdicts.filter((v) => sameScenario(s, v)).map((v) => verdictViews.get(v)!),
    };
    if (s.error) view.error = redactText(s.error);
    try {
      const checksFile = file(s.checksInput);
      const saved = checksFile && fs.existsSync(checksFile) ? readJson<{ input: CheckInput }>(checksFile) : undefined;
      if (saved?.input) {
        view.chart = chartData(saved.input);
      } else {
        const timelineFile = file(s.timeline);
        const input = timelineFile && fs.existsSync(timelineFile) ? inputFromTimeline(readEvents(timelineFile), results.boards[s.board], s.board) : undefined;
        if (input) view.chart = chartData(input, { windows: false });
        else view.chartNote = 'no chart: neither the checks input nor the scenario start is in this run folder';
      }
    } catch (err) {
      view.chartNote = `no chart: ${(err as Error).message}`;
    }
    if (s.status !== 'passed' && s.status !== 'skipped' && !view.verdicts.some((v) => v.verdict === 'fail')) {
      const lines = logLines(s.serialLog);
      if (lines) view.errorExcerpt = tail(lines);
    }
    return view;
  });

  const boards: BoardView[] = boardNames.map((name) => {
    const sc = results.scenarios.filter((s) => s.board === name);
    const vs = results.verdicts.filter((v) => v.board === name);
    const totals = totalsOf(sc, vs);
    const checks: BoardView['checks'] = {};
    for (const v of vs) {
      const list = checks[v.id] ?? [];
      const si = scenarioOf.get(v) ?? -1;
      list.push({ verdict: v.verdict, anchor: anchorOf(v), scenario: v.scenario, ...(si >= 0 ? { scenarioN: si + 1 } : {}) });
      checks[v.id] = list;
    }
    const view: BoardView = { name, totals, status: totals.fail > 0 ? 'failed' : totals.broken > 0 || totals.skip > 0 ? 'error' : 'passed', checks };
    const record = results.boards[name];
    if (record) view.record = redact(record);
    return view;
  });

  const links: Link[] = [{ label: RUN_FILES.results, href: RUN_FILES.results }];
  if (options.pdf) links.push({ label: RUN_FILES.pdf, href: RUN_FILES.pdf });
  if (exists(RUN_FILES.junit)) links.push({ label: RUN_FILES.junit, href: RUN_FILES.junit });
  if (exists(RUN_FILES.playwrightReportIndex)) links.push({ label: 'Playwright HTML report', href: RUN_FILES.playwrightReportIndex });
  const mergedFrom = Array.isArray(results.lab)
    ? (results.lab as { runId?: unknown; status?: unknown; harnessVersion?: unknown; provenance?: Provenance; startedAt?: unknown; finishedAt?: unknown }[]).filter((x) => typeof x?.runId === 'string')
    : [];
  for (const src of mergedFrom) {
    const dir = mergedRunRef(String(src.runId));
    const report = `${dir}/${RUN_FILES.playwrightReportIndex}`;
    const junit = `${dir}/${RUN_FILES.junit}`;
    if (exists(report)) links.push({ label: `Playwright HTML report (${src.runId})`, href: report });
    if (exists(junit)) links.push({ label: `${RUN_FILES.junit} (${src.runId})`, href: junit });
  }
  links.push({ label: RUN_FILES.reportModel, href: RUN_FILES.reportModel });

  const knownIds = new Set<string>(checkIds);
  const model: ReportModel = {
    schema: 'mgos-hil/report@1',
    runId: results.runId,
    harnessVersion: results.harnessVersion,
    startedAt: results.startedAt,
    status: results.status,
    generatedAt: (options.now ?? new Date()).toISOString(),
    totals: totalsOf(results.scenarios, results.verdicts),
    links,
    boards,
    checkIds: [...checkIds, ...new Set(results.verdicts.map((v) => v.id).filter((id) => !knownIds.has(id)))],
    scenarios,
    failures: results.verdicts.filter((v) => v.verdict !== 'pass').map((v) => verdictViews.get(v)!),
    runLevel: results.verdicts.filter((v) => (scenarioOf.get(v) ?? -1) < 0).map((v) => verdictViews.get(v)!),
    differences: docVsBehaviour(results.verdicts, boardNames, anchorOf),
    lab: redact(results.lab),
    provenance:
      mergedFrom.length > 0
        ? mergedFrom.map((m) => provenanceView(String(m.runId), typeof m.harnessVersion === 'string' ? m.harnessVersion : '?', m.provenance, m.startedAt, m.finishedAt))
        : [provenanceView(results.runId, results.harnessVersion, results.provenance, results.startedAt, results.finishedAt)],
  };
  if (results.finishedAt) model.finishedAt = results.finishedAt;
  if (isFiltered(results.filter)) model.leftOut = describeFilter(results.filter);
  if (mergedFrom.length > 0) {
    model.mergedFrom = mergedFrom.map((m) => ({
      runId: String(m.runId),
      status: String(m.status ?? ''),
      ...(typeof m.harnessVersion === 'string' ? { harnessVersion: m.harnessVersion } : {}),
    }));
  }
  return model;
}

export function loadResults(runDir: string): RunResults {
  const file = runFile(runDir, 'results');
  if (!fs.existsSync(file)) throw new Error(`no results.json in ${runDir}: is it a run folder of hil qualify (reports/<run id>/)?`);
  const results = readJson<RunResults>(file);
  if (results?.schema !== 'mgos-hil/results@1') throw new Error(`${file} is not a results file of mgos-hil (schema mgos-hil/results@1)`);
  return results;
}
