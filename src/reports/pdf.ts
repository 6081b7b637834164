import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { pdfUnavailable } from '../errors.ts';

/**
 * HTML to PDF with the system's Chromium (Debian's `chromium` package) driven by playwright-core:
 * the data pack is the same HTML and SVG the pages use, printed. One browser per process, started
 * on the first PDF and kept for the next ones; `close()` it when the app closes.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where Chromium is: `RETAIN_CHROMIUM_PATH` for one kept elsewhere, else Debian's. */
export function chromiumPath(): string {
  return process.env.RETAIN_CHROMIUM_PATH || CHROMIUM_PATH;
}
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface PdfOptions {
  /** Printed at the top of every page. */
  title: string;
  /** Printed at the foot of every page beside the page numbers, e.g. `Produced 24 November 2026`. */
  footer: string;
}

export interface PdfRenderer {
  readonly executablePath: string;
  available(): boolean;
  render(html: string, options: PdfOptions): Promise<Buffer>;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Chromium draws header and footer templates in their own tiny document: styles must be inline.
const MARGIN_STYLE = 'font-family: Arial, sans-serif; font-size: 8pt; color: #505a5f; width: 100%; margin: 0 15mm;';

export function createPdfRenderer(executablePath = CHROMIUM_PATH): PdfRenderer {
  let browser: Promise<Browser> | undefined;

  const launch = (): Promise<Browser> => {
    // playwright-core is loaded with the first PDF, not at start-up.
    browser ??= import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath, args: CHROMIUM_ARGS }))
      .then(
        (started) => {
          // A crashed browser is started again on the next PDF.
          started.on('disconnected', () => {
            browser = undefined;
          });
          return started;
        },
        (error: unknown) => {
          browser = undefined;
          throw pdfUnavailable(`Chromium at ${executablePath} did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        },
      );
    return browser;
  };

  return {
    executablePath,
    available: () => existsSync(executablePath),
    async render(html, options) {
      if (!existsSync(executablePath)) throw pdfUnavailable(`PDF downloads need Chromium, and there is none at ${executablePath}.`);
      const context = await (await launch()).newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        // The data pack is self-contained; nothing it says may reach out to the network.
        await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          margin: { top: '20mm', bottom: '20mm', left: '15mm', right: '15mm' },
          displayHeaderFooter: true,
          headerTemplate: `<div style="${MARGIN_STYLE}">${escapeHtml(options.title)}</div>`,
          footerTemplate:
            `<div style="${MARGIN_STYLE} display: flex; justify-content: space-between;">` +
            `<span>${escapeHtml(options.footer)}</span>` +
            '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>',
        });
        return Buffer.from(pdf);
      } finally {
        await context.close();
      }
    },
    async close() {
      const running = browser;
      browser = undefined;
      if (running) await (await running.catch(() => undefined))?.close();
    },
  };
}
