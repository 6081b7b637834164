import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRetainError } from '../errors.ts';
import { chromiumPath, createPdfRenderer, type PdfRenderer } from '../reports/pdf.ts';
import { HTTP_PROBLEMS } from './problems.ts';

/**
 * One Chromium per app, shared by every route that prints (the dashboard's data pack, evidence
 * packs, review documents), started on the first PDF and closed with the app. Registered on the
 * root instance, so every route module's scope sees the same one.
 */
export function registerPdf(app: FastifyInstance): void {
  let renderer: PdfRenderer | undefined;
  // RETAIN_CHROMIUM_PATH: where another system keeps Chromium (read on the first PDF).
  app.decorate('pdfRenderer', () => (renderer ??= createPdfRenderer(chromiumPath())));
  app.addHook('onClose', async () => {
    await renderer?.close();
  });
}

/** A PDF download, or a page saying why there is none (no Chromium on the server). */
export async function sendPdf(
  app: FastifyInstance,
  reply: FastifyReply,
  document: { html: string; title: string; footer: string; fileName: string /** What it is, for the page shown without Chromium: `data pack`. */; name: string },
  /** Runs once the PDF is made and before it is sent, e.g. to write the audit entry. */
  beforeSend: () => Promise<void> = async () => {},
): Promise<FastifyReply> {
  const pdf = app.pdfRenderer();
  if (!pdf.available()) return pdfUnavailablePage(reply, document.name, `There is no Chromium at ${pdf.executablePath} on the server.`);
  try {
    const bytes = await pdf.render(document.html, { title: document.title, footer: document.footer });
    await beforeSend();
    return reply
      .header('content-disposition', `attachment; filename="${document.fileName.replace(/[^A-Za-z0-9._-]+/g, '-')}"`)
      .type('application/pdf')
      .send(bytes);
  } catch (error) {
    if (isRetainError(error, 'pdf_unavailable')) return pdfUnavailablePage(reply, document.name, error.message);
    throw error;
  }
}

/** The error page for pdf_unavailable, naming the document and what to use instead. */
function pdfUnavailablePage(reply: FastifyReply, name: string, detail: string) {
  return reply.code(HTTP_PROBLEMS.pdf_unavailable.status).page('error.njk', {
    title: `The PDF ${name} is not available`,
    message: `Retain prints PDFs with the Chromium web browser. ${detail} Ask whoever runs Retain to install it (on Debian or Ubuntu: apt-get install chromium). The same content can be opened as a web page and printed from the browser, and tables downloaded as CSV or Excel.`,
    status: HTTP_PROBLEMS.pdf_unavailable.status,
    code: 'pdf_unavailable',
  });
}
