/**
 * A Playwright reporter that keeps reports/<run id>/results.json up to date: after each
 * scenario it adds the scenario, its verdicts and the board's identity, and rewrites the
 * file atomically. Scenarios hand their verdicts over as JSON attachments.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { writeJsonAtomic } from './atomic-write.ts';
import { redact } from '../secrets.ts';
import {
  BOARD_ATTACHMENT,
  BROKEN_ATTACHMENT,
  brokenReason,
  type BoardRecord,
  FILES_ATTACHMENT,
  type RunResults,
  VERDICT_ATTACHMENT,
  type VerdictRecord,
} from './results.ts';
import { runSettings } from '../runner/settings.ts';

function attachmentJson<T>(result: TestResult, name: string): T[] {
  return result.attachments
    .filter((a) => a.name === name && a.body)
    .map((a) => JSON.parse(a.body!.toString('utf8')) as T);
}

export default class ResultsReporter implements Reporter {
  #file = '';
  #results: RunResults | undefined;
  #root = '';

  onBegin(config: FullConfig, _suite: Suite): void {
    const settings = runSettings();
    this.#root = config.rootDir;
    this.#file = path.join(settings.runDir, 'results.json');
    const version = JSON.parse(fs.readFileSync(path.join(settings.projectRoot, 'package.json'), 'utf8')).version as string;
    this.#results = {
      schema: 'mgos-hil/results@1',
      runId: settings.runId,
      harnessVersion: version,
      startedAt: new Date().toISOString(),
      status: 'running',
      lab: redact(settings.lab),
      boards: {},
      scenarios: [],
      verdicts: [],
    };
    this.#write();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const results = this.#results;
    if (!results) return;
    const board = test.parent.project()?.name ?? 'unknown';
    const file = path.relative(this.#root, test.location.file);
    for (const record of attachmentJson<BoardRecord>(result, BOARD_ATTACHMENT)) results.boards[record.name] = record;
    const files = attachmentJson<{ timeline?: string; serialLog?: string; checksInput?: string }>(result, FILES_ATTACHMENT)[0] ?? {};
    const broken = attachmentJson<{ reason: string }>(result, BROKEN_ATTACHMENT)[0];
    results.scenarios.push({
      board,
      title: test.title,
      file,
      status: result.status,
      startedAt: result.startTime.toISOString(),
      durationMs: result.duration,
      ...(result.error ? { error: (result.error.message ?? String(result.error.value)).slice(0, 4000) } : {}),
      ...(broken ? { broken: broken.reason } : {}),
      ...files,
    });
    for (const verdicts of attachmentJson<VerdictRecord[]>(result, VERDICT_ATTACHMENT)) {
      for (const v of verdicts) results.verdicts.push({ ...v, board, scenario: test.title, file });
    }
    this.#write();
  }

  onEnd(result: { status: string }): void {
    const results = this.#results;
    if (!results) return;
    results.finishedAt = new Date().toISOString();
    const failedCheck = results.verdicts.some((v) => v.verdict === 'fail');
    const brokenScenario = results.scenarios.some((s) => brokenReason(s, results.verdicts) !== undefined);
    results.status = failedCheck ? 'failed' : brokenScenario || result.status !== 'passed' ? 'error' : 'passed';
    this.#write();
  }

  #write(): void {
    writeJsonAtomic(this.#file, this.#results);
  }
}
