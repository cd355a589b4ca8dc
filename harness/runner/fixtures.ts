/**
 * The Playwright fixtures scenarios are written with: `board` (a serial session with the
 * project's board), `brokers` (the pair behind fault gates), `timeline`, `peer` (an
 * mqtt.js client on each broker) and `scenario`, which ties them together.
 *
 * Worker-scoped: the board target (a virtual board process per worker, or a physical
 * port), the broker pair and the timeline. Test-scoped: the serial session (so a physical
 * port is held only while a scenario runs), the peers, and the scenario's JSONL log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { resetMethodFor } from '../boards/reset/index.ts';
import { BrokerPair } from '../brokers/broker-pair.ts';
import { Peer } from '../brokers/peer.ts';
import type { BrokerPorts } from '../lab/broker-ports.ts';
import type { BoardSpec } from '../lab/schema.ts';
import type { BoardRecord } from '../report/results.ts';
import { BOARD_ATTACHMENT, FILES_ATTACHMENT, VERDICT_ATTACHMENT, type ScenarioFiles, scenarioFileRefs, scenarioFiles, titlesOfTestInfo } from '../report/run-folder.ts';
import type { BrokerName } from '../timeline/events.ts';
import { JsonlSink } from '../timeline/jsonl-sink.ts';
import { Timeline } from '../timeline/timeline.ts';
import { BoardProtocolError, BoardSession } from './board-session.ts';
import { type BoardTarget, openTarget } from './board-target.ts';
import { HostLag } from '../time/host-lag.ts';
import { Scenario } from './scenario.ts';
import type { Verdict } from '../checks/input.ts';
import { killedBy, killMark, killsMutant, markKilled } from '../mutation/fail-fast.ts';
import { boardWithSecrets, RUN_ENV, runSettings, runTempDir } from './settings.ts';
import { StartWave, waveDir, waveLimitMs } from './start-wave.ts';

/**
 * How far apart the wave's boards begin their first scenario, ms: ~ what a first setup
 * costs the host's cores (see docs/performance.md, "Every board at once").
 */
const WAVE_SPACING_MS = 100;

// One wave of the lab's boards, through the run's temp folder (start-wave.ts); its limit grows with the lab.
const startLimitMs = waveLimitMs(runSettings(process.env).lab.boards.length);
const startWave = () =>
  new StartWave(waveDir(runTempDir(), process.env[RUN_ENV.runId] ?? 'unpinned'), { limitMs: startLimitMs, spacingMs: WAVE_SPACING_MS });

export interface BoardFixtureOptions {
  /** The run folder every worker writes into (playwright.config.ts decides it once per run). */
  runDir: string;
  /** The board, secrets redacted (Playwright's reporters write options out): see boardWithSecrets. */
  boardSpec: BoardSpec;
  labHost: string;
  /** Where this board's own broker pair listens (harness/lab/broker-ports.ts; 0 = any free port). */
  brokerBind: BrokerPorts & { host: string };
}

interface WorkerFixtures extends BoardFixtureOptions {
  target: BoardTarget;
  brokers: BrokerPair;
  timeline: Timeline;
  hostLag: HostLag;
  /** The board is up and its first wave has gone (start-wave.ts): scenarios may begin. */
  wave: undefined;
}

interface TestFixtures {
  /** Mutation testing: a mutant board skips its scenarios once one has killed it (mutation/fail-fast.ts). */
  mutantFailFast: undefined;
  files: ScenarioFiles;
  board: BoardSession;
  peer: Record<BrokerName, Peer>;
  scenario: Scenario;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  runDir: [undefined as unknown as string, { option: true, scope: 'worker' }],
  boardSpec: [undefined as unknown as BoardSpec, { option: true, scope: 'worker' }],
  labHost: ['127.0.0.1', { option: true, scope: 'worker' }],
  brokerBind: [{ host: '127.0.0.1', primaryPort: 0, backupPort: 0 }, { option: true, scope: 'worker' }],

  timeline: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern for fixture dependencies
    async ({}, use) => {
      const timeline = new Timeline();
      await use(timeline);
      timeline.close();
    },
    { scope: 'worker' },
  ],

  hostLag: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern for fixture dependencies
    async ({}, use) => {
      const lag = new HostLag();
      await use(lag);
      lag.stop();
    },
    { scope: 'worker' },
  ],

  target: [
    async ({ boardSpec }, use, workerInfo) => {
      // A virtual board's flash (its saved config, passwords included) stays out of the report
      // folder, in the run's private folder, which hil qualify removes even when this teardown cannot run.
      const state = fs.mkdtempSync(path.join(runTempDir(), 'hil-virtual-flash-'));
      // A virtual board's process starts in a start slot: at most one per core at a time, lab-wide.
      const release = boardSpec.kind === 'virtual' ? await startWave().slot() : () => {};
      let target: BoardTarget;
      try {
        target = await openTarget(boardSpec, state, workerInfo.workerIndex);
      } catch (err) {
        await startWave().arrive(boardSpec.name, 'failed');
        throw err;
      } finally {
        release();
      }
      try {
        await use(target);
      } finally {
        await target.stop();
        fs.rmSync(state, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: startLimitMs + 60_000 },
  ],

  wave: [
    // Asks for target and brokers only so that it runs once both are up.
    async ({ boardSpec, target, brokers }, use) => {
      void target;
      void brokers;
      await startWave().arrive(boardSpec.name, 'ready');
      await use(undefined);
    },
    { scope: 'worker', auto: true, timeout: startLimitMs + 10_000 },
  ],

  brokers: [
    async ({ brokerBind, timeline }, use) => {
      const pair = await BrokerPair.start({ ...brokerBind, timeline });
      await use(pair);
      await pair.close();
    },
    { scope: 'worker' },
  ],

  mutantFailFast: [
    async ({ runDir, boardSpec }, use, testInfo) => {
      const mutant = boardSpec.kind === 'virtual' ? boardSpec.mutant?.id : undefined;
      if (mutant === undefined) return use(undefined);
      const mark = killMark(runTempDir(), runDir, boardSpec.name);
      const by = killedBy(mark);
      testInfo.skip(by !== undefined, `mutant ${mutant} was killed by "${by}": its other scenarios could only confirm it`);
      await use(undefined);
      const verdicts = testInfo.attachments.filter((a) => a.name === VERDICT_ATTACHMENT && a.body).flatMap((a) => JSON.parse(a.body!.toString()) as Verdict[]);
      if (killsMutant(testInfo.status, verdicts.length > 0 ? verdicts : undefined)) markKilled(mark, testInfo.title);
    },
    { auto: true },
  ],

  files: async ({ runDir, target }, use, testInfo) => {
    if (!runDir) throw new Error('no run folder: set `runDir` in the project\'s `use` (playwright.config.ts does)');
    const files = scenarioFiles(runDir, target.name, titlesOfTestInfo(testInfo));
    fs.mkdirSync(files.dir, { recursive: true });
    await use(files);
  },

  board: async ({ runDir, target, timeline, files, boardSpec }, use, testInfo) => {
    const sink = new JsonlSink(files.timeline);
    const unsubscribe = timeline.subscribe((e) => sink.write(e));
    const session = await BoardSession.open({
      name: target.name,
      path: target.path,
      timeline,
      logPath: files.serialLog,
      chunking: target.chunking,
      wireTime: target.kind === 'physical',
      time: target.time,
      // The lab config's reset, used wherever the board is reset or recovered (a virtual board: by RPC).
      reset: resetMethodFor(boardSpec),
    });
    const info = await session.info();
    assertSameTimeScale(target.name, info, target.time.scale);
    const record: BoardRecord = {
      name: target.name,
      kind: target.kind,
      info,
      fwId: typeof info.fw_id === 'string' ? info.fw_id : undefined,
      timeScale: target.time.scale,
      epsilonMs: target.time.epsilonMs,
      personalities: target.personalities,
      ...(boardSpec.kind === 'virtual' && boardSpec.scenarios ? { scenarios: boardSpec.scenarios } : {}),
    };
    await testInfo.attach(BOARD_ATTACHMENT, { body: JSON.stringify(record), contentType: 'application/json' });
    await testInfo.attach(FILES_ATTACHMENT, { body: JSON.stringify(scenarioFileRefs(runDir, files)), contentType: 'application/json' });
    try {
      await use(session);
    } finally {
      unsubscribe();
      sink.close();
      await session.close();
      // The evidence as files of the Playwright report (its HTML report shows and links them).
      for (const [name, file, contentType] of [['serial log', files.serialLog, 'text/plain'], ['timeline', files.timeline, 'application/x-ndjson']] as const) {
        if (fs.existsSync(file)) await testInfo.attach(name, { path: file, contentType });
      }
    }
  },

  peer: async ({ brokers }, use) => {
    const primary = await Peer.connect(brokers.primary, { clientId: `hil-peer-primary-${process.pid}` });
    const backup = await Peer.connect(brokers.backup, { clientId: `hil-peer-backup-${process.pid}` });
    await use({ primary, backup });
    await Promise.all([primary.close(), backup.close()]);
  },

  scenario: async ({ board, target, brokers, peer, timeline, labHost, files, boardSpec, hostLag }, use, testInfo) => {
    const inputPath = files.checksInput;
    // The option is the redacted spec (reporters write options out); the password comes from the run's lab file.
    const spec = boardSpec.kind === 'physical' ? boardWithSecrets(boardSpec) : boardSpec;
    const wifi = spec.kind === 'physical' ? spec.wifi : undefined;
    // Each action a step of the report, at the spec line that called it (scenario-steps.ts).
    const step = <T>(title: string, body: () => Promise<T>, location: { file: string; line: number; column: number } | undefined) =>
      base.step(title, body, location ? { location } : {});
    await use(new Scenario({ board, target, brokers, peers: peer, timeline, host: labHost, testInfo, wifi, inputPath, lag: hostLag, step }));
  },
});

/**
 * A virtual board says its time scale in Sys.GetInfo (`time_scale`); a physical board says
 * none and runs at 1. A board run at another scale than the harness assumes would have
 * every window of every check wrong: refuse it at connect.
 */
function assertSameTimeScale(name: string, info: Record<string, unknown>, expected: number): void {
  const reported = typeof info.time_scale === 'number' ? info.time_scale : 1;
  if (reported !== expected) {
    throw new BoardProtocolError(
      `${name} reports time_scale ${reported} in Sys.GetInfo, but the harness runs it at ${expected}: ` +
        (typeof info.time_scale === 'number' ? 'start the board with the lab\'s time scale, or declare it with that `timeScale`' : 'a board that reports none runs in real time'),
    );
  }
}

export { expect } from '@playwright/test';
