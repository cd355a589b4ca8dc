/**
 * Renders a run folder's qualification report: report-model.json and index.html always,
 * report.pdf when Chromium is there. Used at the end of `hil qualify` and by `hil report`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { renderHtml } from './html.ts';
import { buildReportModel, loadResults, type ReportModel } from './model.ts';
import { type PaperChoice, paperDetail, renderPaperHtml } from './paper.ts';
import { findChromium, type FoundChromium, missingChromiumMessage, printPdf } from './pdf.ts';
import { runFile } from './run-folder.ts';

export interface RenderOptions {
  /** Chromium to print with (else HIL_CHROMIUM, the lab config's `chromium`, /usr/bin/chromium…). */
  chromium?: string | undefined;
  /** false: HTML only. */
  pdf?: boolean;
  /** What the PDF holds: every detail (`full`), the condensed page (`condensed`), or by the run's size (`auto`, the default). */
  paper?: PaperChoice;
  env?: NodeJS.ProcessEnv;
}

export interface RenderOutcome {
  runDir: string;
  html: string;
  model: ReportModel;
  pdf?: string;
  /** The page report.pdf was printed from, when not index.html (a condensed, lab-sized run). */
  paperHtml?: string;
  /** Why there is no PDF, and what to do about it. */
  pdfNote?: string;
}

function labChromium(lab: unknown): string | undefined {
  const one = (l: unknown) => (typeof l === 'object' && l !== null && typeof (l as { chromium?: unknown }).chromium === 'string' ? (l as { chromium: string }).chromium : undefined);
  if (Array.isArray(lab)) return lab.map((entry) => one((entry as { lab?: unknown })?.lab)).find((c) => c !== undefined);
  return one(lab);
}

export async function renderReport(runDir: string, options: RenderOptions = {}): Promise<RenderOutcome> {
  const dir = fs.realpathSync(path.resolve(runDir));
  const results = loadResults(dir);
  const htmlPath = runFile(dir, 'html');
  const pdfPath = runFile(dir, 'pdf');
  let found: FoundChromium | undefined;
  let pdfNote: string | undefined;
  if (options.pdf !== false) {
    try {
      found = await findChromium({ explicit: options.chromium, env: options.env ?? process.env, lab: labChromium(results.lab) });
      if (!found) pdfNote = missingChromiumMessage(htmlPath);
    } catch (err) {
      pdfNote = `${(err as Error).message} The HTML report is at ${htmlPath}`;
    }
  }
  const write = (withPdf: boolean) => {
    const model = buildReportModel(dir, results, { pdf: withPdf });
    writeJsonAtomic(runFile(dir, 'reportModel'), model);
    const html = renderHtml(model);
    writeFileAtomic(htmlPath, html);
    return { model, html };
  };
  const written = write(found !== undefined);
  let model = written.model;
  if (!found) return { runDir: dir, html: htmlPath, model, ...(pdfNote ? { pdfNote } : {}) };
  const paperPath = runFile(dir, 'paper');
  fs.rmSync(paperPath, { force: true });
  const condensed = paperDetail(model, options.paper) === 'condensed';
  if (condensed) writeFileAtomic(paperPath, renderPaperHtml(model, written.html));
  try {
    await printPdf(condensed ? paperPath : htmlPath, pdfPath, found.path);
    return { runDir: dir, html: htmlPath, model, pdf: pdfPath, ...(condensed ? { paperHtml: paperPath } : {}) };
  } catch (err) {
    // An old PDF would no longer match the HTML.
    fs.rmSync(pdfPath, { force: true });
    fs.rmSync(paperPath, { force: true });
    model = write(false).model;
    const first = ((err as Error).message ?? String(err)).split('\n')[0];
    return { runDir: dir, html: htmlPath, model, pdfNote: `report.pdf not rendered: Chromium at ${found.path} (from ${found.from}) failed: ${first}. The HTML report is at ${htmlPath}` };
  }
}

/** The lines `hil qualify` and `hil report` print about the rendered report. */
export function describeRender(outcome: RenderOutcome): string {
  // "report:" is the run folder, printed last by hil qualify; these are its two views.
  const lines = [`html:   ${outcome.html}`];
  if (outcome.pdf) lines.push(`pdf:    ${outcome.pdf}${outcome.paperHtml ? ` (condensed: every scenario that passed is one mark; printed from ${outcome.paperHtml})` : ''}`);
  if (outcome.pdfNote) lines.push(outcome.pdfNote);
  return lines.join('\n');
}
