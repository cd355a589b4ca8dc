/**
 * One Playwright HTML report of a merged run, drawn from its shards' blob reports
 * (`playwright merge-reports`): the merged folder's `playwright-report/` shows every
 * scenario of every shard in one place, as a single run's does. Sources without a blob
 * (whole runs) keep their own report under runs/<id>/playwright-report/ only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../runner/settings.ts';
import { RUN_FILES, runFile } from './run-folder.ts';

const playwrightCli = path.join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js');

/** The blobs of the merged folder's sources, by source run id. */
function blobsOf(outDir: string): { runId: string; file: string }[] {
  const runs = path.join(outDir, RUN_FILES.mergedRuns);
  if (!fs.existsSync(runs)) return [];
  return fs.readdirSync(runs).flatMap((runId) => {
    const dir = runFile(path.join(runs, runId), 'blobReport');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.zip')).map((f) => ({ runId, file: path.join(dir, f) })) : [];
  });
}

/** Writes `<outDir>/playwright-report/` from the sources' blobs; its path, or undefined when no source had one. */
export async function mergePlaywrightReports(outDir: string): Promise<string | undefined> {
  const blobs = blobsOf(outDir);
  if (blobs.length === 0) return undefined;
  // merge-reports reads one folder of blobs; two shards' blobs may share a name.
  const gathered = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-blobs-'));
  try {
    for (const b of blobs) fs.copyFileSync(b.file, path.join(gathered, `${b.runId}-${path.basename(b.file)}`));
    const report = runFile(outDir, 'playwrightReport');
    const r = await execa(process.execPath, [playwrightCli, 'merge-reports', '--reporter', 'html', gathered], {
      cwd: projectRoot,
      env: { PLAYWRIGHT_HTML_OUTPUT_DIR: report, PLAYWRIGHT_HTML_OPEN: 'never', FORCE_COLOR: '0' },
      reject: false,
      all: true,
      timeout: 120_000,
    });
    if (r.exitCode !== 0) throw new Error(`playwright merge-reports failed (exit ${r.exitCode}): ${String(r.all).slice(-2000)}`);
    return report;
  } finally {
    fs.rmSync(gathered, { recursive: true, force: true });
  }
}
