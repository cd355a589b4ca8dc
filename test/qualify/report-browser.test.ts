/**
 * The qualification report in a real browser: two short virtual runs (a faithful board
 * on the backoff and connect scenarios, and a board with a linear backoff that must fail),
 * each rendered to index.html and report.pdf at the end of qualify(), then opened in
 * Chromium and checked against results.json and, independently, against the timelines.
 * The two runs are then merged into one report that must hold both boards.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { virtualLab } from '../../harness/lab/load.ts';
import { mergeRuns } from '../../harness/report/merge.ts';
import { chromiumArgs, findChromium } from '../../harness/report/pdf.ts';
import { renderReport } from '../../harness/report/render.ts';
import type { RunResults } from '../../harness/report/results.ts';
import { type QualifyOutcome, qualify } from '../../harness/runner/qualify.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-report-test-'));
const found = await findChromium().catch(() => undefined);
const skip = found ? false : 'no Chromium: `apt-get install chromium` or set HIL_CHROMIUM';

let browser: Browser | undefined;
let good: QualifyOutcome;
let bad: QualifyOutcome;

async function run(name: string, personalities: string[], grep: string): Promise<QualifyOutcome> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const outcome = await qualify({ lab: virtualLab({ timeScale: 20, personalities }), grep, reportsDir: path.join(tmp, name), stdout: sink });
  assert.ok(outcome.results, `the ${name} run wrote no results:\n${Buffer.concat(chunks).toString('utf8').slice(-3000)}`);
  return outcome;
}

async function open(file: string, width = 1200): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  return page;
}

const results = (o: QualifyOutcome) => o.results as RunResults;

/** Attempts in a scenario's slice, counted from its timeline JSONL without the harness's merging code. */
function independentAttempts(runDir: string, s: RunResults['scenarios'][number]): number | undefined {
  if (!s.timeline || !s.checksInput) return undefined;
  const slice = JSON.parse(fs.readFileSync(path.join(runDir, s.checksInput), 'utf8')).input.events as { kind: string; t: number }[];
  const from = Math.min(...slice.filter((e) => e.kind !== 'fault').map((e) => e.t));
  const to = Math.max(...slice.map((e) => e.t));
  const events = fs
    .readFileSync(path.join(runDir, s.timeline), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; t: number; line?: { text: string } })
    .filter((e) => e.t >= from && e.t <= to);
  const accepts = events.filter((e) => e.kind === 'tcp.accept').length;
  const dials = events.filter((e) => e.kind === 'serial' && /MQTT0 connecting to \S+/.test(e.line?.text ?? '')).length;
  // Every attempt reached the gate, or none did (a closed port): the count is unambiguous.
  if (accepts === dials || accepts === 0) return Math.max(accepts, dials);
  return undefined;
}

before(async () => {
  if (skip) return;
  good = await run('good', [], 'backoff|connect');
  bad = await run('bad', ['backoff-linear'], 'backoff');
  browser = await chromium.launch({ executablePath: found!.path, args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  process.stdout.write(`report test folder (screenshots, runs): ${tmp}\n`);
});

test('qualify() writes index.html and report.pdf at the end of the run', { skip }, () => {
  for (const o of [good, bad]) {
    assert.ok(o.report, 'no report outcome');
    assert.ok(fs.existsSync(path.join(o.runDir, 'index.html')));
    assert.equal(o.report.pdf, path.join(fs.realpathSync(o.runDir), 'report.pdf'), o.report.pdfNote);
    assert.ok(fs.existsSync(path.join(o.runDir, 'junit.xml')), 'junit.xml is kept');
  }
  assert.equal(bad.exitCode, 1);
});

test('the summary matches results.json, and every scenario has a chart with its attempts', { skip }, async () => {
  const r = results(good);
  const page = await open(path.join(good.runDir, 'index.html'));
  const count = async (k: string) => Number(await page.locator(`#summary [data-count="${k}"] b`).textContent());
  assert.equal(await count('scenarios'), r.scenarios.length);
  assert.equal(await count('verdicts'), r.verdicts.length);
  for (const k of ['pass', 'fail', 'skip'] as const) assert.equal(await count(k), r.verdicts.filter((v) => v.verdict === k).length, k);
  for (const v of r.verdicts) assert.equal(await page.locator(`table.checks tr[data-check="${v.id}"]`).count(), 1, `check ${v.id} not in the summary`);
  const boardId = r.boards.virtual?.info?.id as string;
  assert.equal((await page.locator('#boards .device-id').first().textContent())?.trim(), boardId);
  assert.equal(await page.locator('a[href="playwright-report/index.html"]').count(), 1, 'Playwright HTML report linked');
  const charts = page.locator('figure.chart svg.timeline');
  assert.equal(await charts.count(), r.scenarios.length, 'one chart per scenario');
  let compared = 0;
  for (let i = 0; i < r.scenarios.length; i++) {
    const svg = charts.nth(i);
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 50, 'chart has a size');
    const marks = await svg.locator('g.attempt').count();
    assert.equal(Number(await svg.getAttribute('data-attempts')), marks);
    const expected = independentAttempts(good.runDir, r.scenarios[i]!);
    if (expected !== undefined) {
      assert.equal(marks, expected, `attempt marks in "${r.scenarios[i]!.title}"`);
      compared++;
    }
  }
  assert.ok(compared >= 2, `attempt marks compared on ${compared} scenarios only`);
  if (r.verdicts.some((v) => v.id === 'backoff.jitter' && v.verdict === 'pass')) {
    assert.equal(await page.locator('#doc-vs-behaviour ul.follows-impl li[data-difference="backoff.fuzz"]').count(), 1, 'the ±10 % fuzz is listed as the implementation followed');
  }
  const shot = path.join(tmp, 'report-good.png');
  await page.screenshot({ path: shot, fullPage: false });
  process.stdout.write(`screenshot: ${shot}\n`);
  await page.close();
});

test('every failing check links to its evidence, its serial log excerpt and its chart', { skip }, async () => {
  const r = results(bad);
  const failing = r.verdicts.filter((v) => v.verdict === 'fail');
  assert.ok(failing.length > 0, 'the linear-backoff board must fail a check');
  const page = await open(path.join(bad.runDir, 'index.html'));
  assert.equal(Number(await page.locator('#summary [data-count="fail"] b').textContent()), failing.length);
  const links = page.locator('table.checks a.verdict-fail');
  assert.equal(await links.count(), failing.length);
  for (let i = 0; i < failing.length; i++) {
    const link = links.nth(i);
    assert.match((await link.getAttribute('id')) ?? '', /^v-virtual-.+-(backoff|connect)\./);
    const href = (await link.getAttribute('href')) ?? '';
    const row = page.locator(`[id="${href.slice(1)}"]`);
    assert.equal(await row.count(), 1, `${href} resolves`);
    const text = (await row.textContent()) ?? '';
    const v = failing.find((f) => text.includes(f.reason) && f.evidence.every((e) => text.includes(e.what)));
    assert.ok(v, `the row ${href} holds a failing verdict's reason and all its evidence`);
    assert.ok((await row.locator('.excerpt .hit').count()) > 0, 'serial log excerpt with the evidence lines marked');
    const chartHref = (await row.locator('a.chart-link').getAttribute('href')) ?? '';
    const chart = page.locator(`[id="${chartHref.slice(1)}"]`);
    assert.equal(await chart.locator('svg.timeline').count(), 1, `${chartHref} is a chart`);
    assert.ok((await chart.locator('g.attempt').count()) > 0);
    assert.ok((await chart.locator('rect.window').count()) > 0, 'expected windows shaded');
  }
  const shot = path.join(tmp, 'report-bad.png');
  await page.locator(`[id="${((await links.first().getAttribute('href')) ?? '').slice(1)}"]`).screenshot({ path: shot });
  process.stdout.write(`screenshot: ${shot}\n`);
  await page.close();
});

const pdftotext = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => fs.existsSync(p));
const noPdftotext = skip || (pdftotext ? false : 'no pdftotext: `apt-get install poppler-utils` (.ci/run does)');
/** Text compared without the line breaks and spaces the PDF layout puts in (pdftotext also joins a word broken at a hyphen). */
const squash = (t: string) => t.replace(/[\s-]+/g, '');

test('report.pdf holds every verdict with its evidence, the provenance and a sign-off block, on pages without blank halves', { skip: noPdftotext }, async () => {
  const { execFileSync } = await import('node:child_process');
  for (const o of [good, bad]) {
    const r = results(o);
    const file = path.join(o.runDir, 'report.pdf');
    const pdf = fs.readFileSync(file);
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
    // The page footer (title · page/pages) falls inside text that runs across a page break: out with it.
    const footer = new RegExp(`mgos-hil qualification ${r.runId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · \\d+/\\d+`, 'g');
    const text = squash(execFileSync(pdftotext!, [file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).replace(footer, ''));
    const boardId = r.boards.virtual?.info?.id as string;
    assert.ok(text.includes(boardId), `board id ${boardId} in the PDF text`);
    for (const v of r.verdicts) {
      assert.ok(text.includes(squash(v.reason)), `${v.id} (${v.verdict}): its reason is in the PDF`);
      // Passing verdicts too: a closed <details> would print its summary line only.
      for (const e of v.evidence) assert.ok(text.includes(squash(e.what)), `${v.id} (${v.verdict}) in "${v.scenario}": evidence "${e.what}" is in the PDF`);
    }
    const p = r.provenance;
    assert.ok(p?.harnessCommit && p.scenariosCommit, 'results.json records the commits (the test runs in a git checkout)');
    for (const fact of [p.harnessVersion, p.harnessCommit, p.scenariosCommit, p.host, r.boards.virtual?.fwId ?? 'no fw id', r.startedAt, r.finishedAt ?? 'no end']) {
      assert.ok(text.includes(squash(fact)), `provenance: ${fact} in the PDF`);
    }
    for (const field of ['Sign-off', 'decision', 'name', 'signature', 'date']) assert.ok(text.includes(squash(field)), `sign-off block: ${field}`);
    // A link to a file of the run folder is dead once the PDF leaves it: none may be left (links within the report stay).
    const raw = pdf.toString('latin1');
    assert.equal(raw.match(/\/URI\s*\(/g)?.length ?? 0, 0, 'no link out of the PDF');
    assert.ok(/\/Dest\b/.test(raw), 'links within the report kept');
    // Every page but the last is filled: its lowest line (the footer left out) is in the lower part of the page.
    const bbox = execFileSync(pdftotext!, ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const pages = [...bbox.matchAll(/<page width="[\d.]+" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(([, h, body]) => {
      const ys = [...body!.matchAll(/yMin="([\d.]+)"/g)].map((m) => Number(m[1]) / Number(h)).filter((y) => y < 0.95);
      return ys.length > 0 ? Math.max(...ys) : 0;
    });
    assert.ok(pages.length >= 2, `pages: ${pages.length}`);
    for (const [i, low] of pages.slice(0, -1).entries()) assert.ok(low > 0.6, `page ${i + 1} of ${path.basename(o.runDir)} ends at ${(low * 100).toFixed(0)} % of its height`);
  }
});

test('timing verdicts have a per-attempt table; the charts number the attempts and colour them by verdict', { skip }, async () => {
  const r = results(bad);
  const schedule = r.verdicts.find((v) => v.id === 'backoff.schedule' && v.verdict === 'fail');
  assert.ok(schedule, 'the linear-backoff board fails backoff.schedule');
  const observed = schedule.observed as { attempt: number; measuredMs?: number; loggedMs?: number; windowMs: [number, number] | null; problems: string[] }[];
  const page = await open(path.join(bad.runDir, 'index.html'));
  const row = page.locator(`article.verdict-row[data-check="backoff.schedule"][data-verdict="fail"]`).first();
  const trs = row.locator('table.attempts tbody tr');
  const cells: string[][] = [];
  for (let i = 0; i < (await trs.count()); i++) {
    const tr = trs.nth(i);
    cells.push([(await tr.getAttribute('data-attempt')) ?? '', (await tr.getAttribute('class')) ?? '', ...(await tr.locator('td').allTextContents())]);
  }
  assert.equal(cells.length, observed.length, 'one row per attempt the check judged');
  const multi = cells.some((c) => c.length === 10);
  cells.forEach((c, i) => {
    const o = observed[i]!;
    const [n, cls, ...td] = c;
    const tds = multi ? td.slice(1) : td;
    assert.equal(Number(n), o.attempt);
    assert.equal(tds[4], o.measuredMs === undefined ? '—' : String(o.measuredMs), `attempt ${o.attempt}: measured`);
    assert.equal(tds[5], o.loggedMs === undefined ? '—' : String(o.loggedMs), `attempt ${o.attempt}: logged`);
    if (o.windowMs) assert.equal(tds[3], `${Math.round(o.windowMs[0])} – ${Math.round(o.windowMs[1])}`);
    assert.equal(cls, o.problems.length === 0 ? 'attempt-ok' : o.measuredMs === undefined && /no attempt/.test(o.problems[0]!) ? 'attempt-missing' : 'attempt-problem', `attempt ${o.attempt}: verdict`);
  });
  const wrong = observed.filter((o) => o.problems.length > 0 && o.measuredMs !== undefined);
  assert.ok(wrong.length > 0, 'some attempt was judged wrong');
  // The attempt a reason names is the attempt numbered so on the chart, drawn in the verdict's red.
  const chart = page.locator(`[id="${(await row.locator('a.chart-link').getAttribute('href'))!.slice(1)}"]`);
  for (const o of wrong) {
    const mark = chart.locator(`g.attempt[data-n="${o.attempt}"][data-timing="problem"]`);
    assert.ok((await mark.count()) >= 1, `attempt ${o.attempt} numbered and marked wrong on the chart`);
    assert.equal((await mark.first().locator('text.attempt-n').textContent())?.replace(/^\d+\./, ''), String(o.attempt));
    assert.equal(await mark.first().locator('line').getAttribute('stroke'), '#c62828');
  }
  const ok = chart.locator('g.attempt[data-timing="ok"] line');
  if ((await ok.count()) > 0) assert.equal(await ok.first().getAttribute('stroke'), '#2e7d32');
  await page.close();
});

for (const width of [800, 1400]) {
  test(`the report holds its layout at ${width} px: nothing wider than the page, chart text readable`, { skip }, async () => {
    for (const o of [good, bad]) {
      const page = await open(path.join(o.runDir, 'index.html'), width);
      // The page's own measure of itself (the tsconfig has no DOM types: the function is sent as text).
      const { scroll, inner, wide, smallest, dead } = (await page.evaluate(`(() => {
        const d = document.documentElement;
        const overflow = Array.from(document.querySelectorAll('body *'))
          .filter((e) => !e.closest('.scroll, pre, .excerpt, figure.chart'))
          .filter((e) => e.getBoundingClientRect().right > d.clientWidth + 1)
          .map((e) => e.tagName.toLowerCase() + '.' + e.className);
        const texts = Array.from(document.querySelectorAll('svg.timeline text.tick, svg.timeline .legend text, svg.timeline text.attempt-n'));
        const dead = Array.from(document.querySelectorAll('a[href^="#"]')).map((a) => a.getAttribute('href')).filter((h) => !document.getElementById(decodeURIComponent(h.slice(1))));
        return { scroll: d.scrollWidth, inner: d.clientWidth, wide: overflow.slice(0, 5), smallest: Math.min(...texts.map((t) => t.getBoundingClientRect().height)), dead };
      })()`)) as { scroll: number; inner: number; wide: string[]; smallest: number; dead: string[] };
      assert.deepEqual(dead, [], 'links within the report that lead nowhere');
      assert.ok(scroll <= inner, `${path.basename(o.runDir)}: the page scrolls sideways (${scroll} > ${inner})`);
      assert.deepEqual(wide, [], 'elements wider than the page');
      assert.ok(smallest >= 10, `chart text at ${width} px is ${smallest.toFixed(1)} px high`);
      const shot = path.join(tmp, `report-${path.basename(o.runDir)}-${width}.png`);
      await page.screenshot({ path: shot, fullPage: false });
      process.stdout.write(`screenshot: ${shot}\n`);
      await page.close();
    }
  });
}

test('hil report --merge: two runs give one report holding both boards', { skip }, async () => {
  const out = path.join(tmp, 'merged');
  const merged = mergeRuns([good.runDir, bad.runDir], out);
  assert.equal(Object.keys(merged.results.boards).length, 2, 'both boards');
  assert.equal(merged.results.scenarios.length, results(good).scenarios.length + results(bad).scenarios.length);
  assert.ok(Array.isArray(merged.results.lab) && merged.results.lab.length === 2);
  assert.equal(merged.results.status, 'failed');
  for (const s of merged.results.scenarios) for (const f of [s.timeline, s.serialLog]) assert.ok(f && fs.existsSync(path.join(out, f)), `${f} copied`);
  const rendered = await renderReport(out, { pdf: false });
  const page = await open(rendered.html);
  assert.equal(await page.locator('table.boards tr[data-board]').count(), 2);
  assert.equal(await page.locator('figure.chart svg.timeline').count(), merged.results.scenarios.length);
  assert.equal(Number(await page.locator('#summary [data-count="verdicts"] b').textContent()), merged.results.verdicts.length);
  await page.close();
});

test('a condensed report.pdf (the lab-sized paper): every scenario on every board marked, what did not pass in full, each source once, index.html named by its hash', { skip: noPdftotext }, async () => {
  const { execFileSync } = await import('node:child_process');
  const crypto = await import('node:crypto');
  const out = path.join(tmp, 'merged-paper');
  const merged = mergeRuns([good.runDir, bad.runDir], out).results;
  const rendered = await renderReport(out, { paper: 'condensed' });
  assert.ok(rendered.pdf, rendered.pdfNote);
  assert.equal(rendered.paperHtml, path.join(fs.realpathSync(out), 'report-paper.html'));
  const paper = fs.readFileSync(rendered.paperHtml!, 'utf8');
  const index = fs.readFileSync(rendered.html);
  process.stdout.write(`condensed paper: ${paper.length} bytes of HTML for index.html's ${index.length}\n`);
  assert.ok(paper.length < index.length / 2, `the paper page (${paper.length} B) is less than half of index.html (${index.length} B)`);
  // Links within the paper lead somewhere: a passing verdict that is not printed sends its reader to the grid.
  const ids = new Set([...paper.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  const dead = [...paper.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!).filter((id) => !ids.has(id));
  assert.deepEqual([...new Set(dead)], [], 'links within the paper that lead nowhere');
  const text = squash(execFileSync(pdftotext!, [rendered.pdf!, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).replace(new RegExp(`mgos-hil qualification ${merged.runId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · \\d+/\\d+`, 'g'), ''));
  assert.ok(text.includes(crypto.createHash('sha256').update(index).digest('hex')), 'the PDF names index.html by its SHA-256');
  for (const s of merged.scenarios) assert.ok(text.includes(squash(s.title)), `scenario "${s.title}" (${s.board}) is on paper`);
  const failing = merged.verdicts.filter((v) => v.verdict !== 'pass');
  assert.ok(failing.length > 0, 'the linear-backoff board gives verdicts that did not pass');
  for (const v of failing) {
    assert.ok(text.includes(squash(v.reason)), `${v.id} (${v.verdict}) on ${v.board}: its reason is on paper`);
    for (const e of v.evidence) assert.ok(text.includes(squash(e.what)), `${v.id} (${v.verdict}): evidence "${e.what}" is on paper`);
  }
  // A scenario whose every verdict passed is a mark, not its evidence: the page is condensed for real.
  const passedOnly = merged.scenarios.filter((s) => s.status === 'passed' && merged.verdicts.filter((v) => v.board === s.board && v.scenario === s.title && v.file === s.file).every((v) => v.verdict === 'pass'));
  assert.ok(passedOnly.length > 0, 'some scenario passed');
  assert.equal((paper.match(/<section class="scenario"/g) ?? []).length, merged.scenarios.length - passedOnly.length, 'only the scenarios that did not pass are printed in full');
  const sources = new Map(merged.verdicts.flatMap((v) => v.source.map((src) => [src.id, src.text] as const)));
  assert.ok(sources.size > 5, `sources: ${sources.size}`);
  const appendix = paper.slice(paper.indexOf('id="sources-appendix"'));
  for (const [id, srcText] of sources) {
    assert.equal(appendix.split(`data-source="${id}"`).length - 1, 1, `source ${id} is listed once in the appendix`);
    assert.ok(text.includes(squash(srcText)), `source ${id}'s text is on paper`);
  }
  const raw = fs.readFileSync(rendered.pdf!).toString('latin1');
  assert.equal(raw.match(/\/URI\s*\(/g)?.length ?? 0, 0, 'no link out of the PDF');
});
