/**
 * Tells the workers which boards make up the run's first wave (harness/runner/start-wave.ts):
 * the boards with at least one scenario in this run, and how many workers run at once.
 * A reporter because only the main process knows, before any worker starts, which
 * projects have scenarios after --grep, --board and --shard.
 */
import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';
import { waveDir, writeWavePlan } from './start-wave.ts';

export interface WaveReporterOptions {
  runId: string;
  tempRoot: string;
}

export default class WaveReporter implements Reporter {
  readonly #options: WaveReporterOptions;

  constructor(options: WaveReporterOptions) {
    this.#options = options;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    const boards = suite.suites.filter((project) => project.allTests().length > 0).map((project) => project.title);
    writeWavePlan(waveDir(this.#options.tempRoot, this.#options.runId), { boards, workers: config.workers });
  }

  printsToStdio(): boolean {
    return false;
  }
}
