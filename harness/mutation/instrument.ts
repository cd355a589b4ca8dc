/**
 * Makes the mutation-switched copy of the virtual board's MQTT library with StrykerJS's
 * instrumenter: every mutant of every chosen file is in the copy, each behind a switch
 * (`stryMutAct_*("id")`) that is on only in a process whose __STRYKER_ACTIVE_MUTANT__ is
 * that id. Files not chosen are copied as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analysisKey } from './analyses.ts';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { projectRoot } from '../runner/settings.ts';

/** A mutation run that cannot go on, with what to do about it. */
export class MutationError extends Error {}

export const MQTT_DIR = path.join(projectRoot, 'harness', 'virtual', 'mqtt');

export interface MutantInfo {
  id: string;
  /** Path from the project root, e.g. harness/virtual/mqtt/client.ts. */
  file: string;
  /** 1-based, as an editor shows them. */
  line: number;
  column: number;
  mutator: string;
  /** The source text the mutant replaces, and what replaces it. */
  original: string;
  replacement: string;
  /**
   * Where the file makes this same edit (same mutator, original and replacement) in more
   * than one place: which of them this is (1-based, in file order) and how many there are.
   * Absent in reports written before they were counted.
   */
  site?: number;
  sites?: number;
}

const quiet = () => false;
const ignore = () => {};
/** The instrumenter's logger: its warnings and errors on stderr, nothing else. */
const logger: ConstructorParameters<typeof Instrumenter>[0] = {
  isTraceEnabled: quiet,
  isDebugEnabled: quiet,
  isInfoEnabled: quiet,
  isWarnEnabled: () => true,
  isErrorEnabled: () => true,
  isFatalEnabled: () => true,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: (message: string) => process.stderr.write(`stryker instrumenter: ${message}\n`),
  error: (message: string) => process.stderr.write(`stryker instrumenter: ${message}\n`),
  fatal: (message: string) => process.stderr.write(`stryker instrumenter: ${message}\n`),
};

/** The text of `text` from `start` to `end`, lines and columns 0-based (as Stryker works internally). */
export function sourceText(text: string, loc: { start: { line: number; column: number }; end: { line: number; column: number } }): string {
  const lines = text.split('\n');
  if (loc.start.line === loc.end.line) return lines[loc.start.line]!.slice(loc.start.column, loc.end.column);
  return [lines[loc.start.line]!.slice(loc.start.column), ...lines.slice(loc.start.line + 1, loc.end.line), lines[loc.end.line]!.slice(0, loc.end.column)].join('\n');
}

/**
 * Instruments the `.ts` files of harness/virtual/mqtt/ that `mutate` accepts (by file
 * name) into `outDir`, and returns every mutant in them.
 */
export async function instrumentMqtt(outDir: string, mutate: (fileName: string) => boolean): Promise<MutantInfo[]> {
  const names = fs.readdirSync(MQTT_DIR).filter((f) => f.endsWith('.ts')).sort();
  const chosen = names.filter(mutate);
  if (chosen.length === 0) throw new MutationError(`no file of ${path.relative(projectRoot, MQTT_DIR)}/ matches the --files pattern; its files: ${names.join(', ')}`);
  const sources = new Map(names.map((f) => [f, fs.readFileSync(path.join(MQTT_DIR, f), 'utf8')]));
  const result = await new Instrumenter(logger).instrument(
    chosen.map((f) => ({ name: f, content: sources.get(f)!, mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  fs.mkdirSync(outDir, { recursive: true });
  // The copy lies outside the project: this makes its .ts files ES modules, as the originals are.
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  const instrumented = new Map(result.files.map((f) => [f.name, f.content]));
  for (const f of names) fs.writeFileSync(path.join(outDir, f), instrumented.get(f) ?? sources.get(f)!);
  const mutants: MutantInfo[] = result.mutants.map((m) => ({
    id: m.id,
    file: path.relative(projectRoot, path.join(MQTT_DIR, m.fileName)),
    line: m.location.start.line + 1,
    column: m.location.start.column + 1,
    mutator: m.mutatorName,
    original: sourceText(sources.get(m.fileName)!, m.location),
    replacement: m.replacement,
  }));
  return numberSites(mutants);
}

/** Gives each mutant whose edit its file makes in several places its `site` and `sites`. */
export function numberSites(mutants: MutantInfo[]): MutantInfo[] {
  const inOrder = [...mutants].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const groups = new Map<string, MutantInfo[]>();
  for (const m of inOrder) groups.set(analysisKey(m), [...(groups.get(analysisKey(m)) ?? []), m]);
  const numbered = new Map<MutantInfo, { site: number; sites: number }>();
  for (const group of groups.values()) {
    if (group.length === 1) continue;
    for (const [i, m] of group.entries()) numbered.set(m, { site: i + 1, sites: group.length });
  }
  return mutants.map((m) => ({ ...m, ...numbered.get(m) }));
}
