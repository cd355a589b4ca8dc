/**
 * report.pdf: index.html printed by Chromium through playwright-core. Chromium is found
 * in this order: an explicit path (`--chromium`), HIL_CHROMIUM, the lab config's
 * `chromium`, the distribution's package (/usr/bin/chromium on Debian), a browser
 * Playwright downloaded. Without one the HTML report stands alone and the caller says
 * how to get the PDF.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export interface ChromiumLookup {
  explicit?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The lab config's `chromium`. */
  lab?: string | undefined;
}

export interface FoundChromium {
  path: string;
  /** Where the path came from, for messages. */
  from: string;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function missingChromiumMessage(htmlPath: string): string {
  return `no Chromium found: \`sudo apt-get install chromium\` (Debian) or set HIL_CHROMIUM; the HTML report is at ${htmlPath}`;
}

/** Finds Chromium. A path that was asked for but is not there is an error, not a fallback. */
export async function findChromium(lookup: ChromiumLookup = {}): Promise<FoundChromium | undefined> {
  const env = lookup.env ?? process.env;
  const asked: [string | undefined, string][] = [
    [lookup.explicit, '--chromium'],
    [env.HIL_CHROMIUM, 'HIL_CHROMIUM'],
    [lookup.lab, 'the lab config (chromium)'],
  ];
  for (const [file, from] of asked) {
    if (!file) continue;
    if (!executable(file)) throw new Error(`Chromium from ${from} is not an executable file: ${file}. Fix the path, or unset it to use ${chromiumCandidates[0]}.`);
    return { path: file, from };
  }
  for (const file of chromiumCandidates) if (executable(file)) return { path: file, from: 'the system' };
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of ['chromium', 'chromium-browser']) {
      const file = path.join(dir, name);
      if (executable(file)) return { path: file, from: 'PATH' };
    }
  }
  try {
    const { chromium } = await import('playwright-core');
    const downloaded = chromium.executablePath();
    if (downloaded && executable(downloaded)) return { path: downloaded, from: 'Playwright’s browser download' };
  } catch {
    // no Playwright-managed browser
  }
  return undefined;
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/**
 * Makes the page complete on paper (run in the page before printing): every <details>
 * open, since a closed one prints as its summary line only; every link to a file of the
 * run folder turned into text naming the file, since a relative link in a PDF points
 * wherever the PDF was copied to. Links inside the page (#…) stay links.
 */
export const prepareForPaper = `(() => {
  let opened = 0;
  let unlinked = 0;
  for (const d of document.querySelectorAll('details')) {
    if (!d.open) opened++;
    d.open = true;
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') || '';
    if (href.startsWith('#')) continue;
    const span = document.createElement('span');
    span.className = 'file-ref';
    const label = a.textContent || '';
    span.textContent = label === href ? href : label + ' (' + href + ')';
    a.replaceWith(span);
    unlinked++;
  }
  return { opened, unlinked };
})()`;

/**
 * How long Chromium may print, ms. Its print has no limit of its own, and it grows faster
 * than the page: the 69 MB index.html of a 32-board full qualification was still printing
 * after 7 minutes, at 8.4 GB resident (docs/performance.md). Past this the run goes on
 * without report.pdf and says so; index.html stands.
 */
export const PRINT_LIMIT_MS = 10 * 60_000;

/** Prints `htmlPath` to `pdfPath` (written atomically: a temp file renamed into place). */
export async function printPdf(htmlPath: string, pdfPath: string, executablePath: string, timeoutMs = 90_000, printLimitMs = PRINT_LIMIT_MS): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, timeout: timeoutMs });
  const tmp = `${pdfPath}.tmp-${process.pid}-${Date.now()}`;
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.resolve(htmlPath)).href, { waitUntil: 'load', timeout: timeoutMs });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(prepareForPaper);
    let timer: NodeJS.Timeout | undefined;
    const tooLong = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const mb = (fs.statSync(htmlPath).size / 1e6).toFixed(1);
        reject(new Error(`printing ${mb} MB of HTML took longer than ${Math.round(printLimitMs / 1000)} s`));
      }, printLimitMs);
    });
    const printed = page.pdf({
      path: tmp,
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#666"><span class="title"></span> · <span class="pageNumber"></span>/<span class="totalPages"></span></div>',
    });
    // Closing the browser (below) ends a print still running.
    printed.catch(() => {});
    try {
      await Promise.race([printed, tooLong]);
    } finally {
      clearTimeout(timer);
    }
    fs.renameSync(tmp, pdfPath);
  } finally {
    fs.rmSync(tmp, { force: true });
    await browser.close();
  }
}
