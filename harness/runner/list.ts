/**
 * `hil qualify --list`: the scenarios a run would run on each board of the lab (the same
 * filters), as Playwright lists them; nothing is run and no run folder is written.
 */
import path from 'node:path';
import { execa } from 'execa';
import { type LabConfig, labConfig } from '../lab/schema.ts';
import { redact } from '../secrets.ts';
import { playwrightCli } from './qualify.ts';
import { projectRoot, RUN_ENV } from './settings.ts';

export interface ListOptions {
  lab: LabConfig;
  grep?: string;
  grepInvert?: string;
  playwrightArgs?: string[];
}

export interface Listing {
  exitCode: number;
  /** `[board] › file:line:col › describe › title` lines, then Playwright's total. */
  text: string;
}

export async function listScenarios(options: ListOptions): Promise<Listing> {
  const lab = labConfig.parse(options.lab);
  const args = [playwrightCli, 'test', '--list', '--config', path.join(projectRoot, 'playwright.config.ts')];
  if (options.grep) args.push('--grep', options.grep);
  if (options.grepInvert) args.push('--grep-invert', options.grepInvert);
  args.push(...(options.playwrightArgs ?? []));
  const r = await execa(process.execPath, args, {
    cwd: projectRoot,
    // Only the redacted lab: listing needs the boards' names, never a secret.
    env: { [RUN_ENV.lab]: JSON.stringify(redact(lab)), [RUN_ENV.runId]: 'list', [RUN_ENV.runDir]: path.join(projectRoot, 'reports', '.list'), FORCE_COLOR: '0' },
    reject: false,
    all: true,
    timeout: 120_000,
  });
  return { exitCode: r.exitCode ?? 2, text: r.all ?? '' };
}
