/**
 * Sending email, for the reminder digest (issue 15). Retain needs no mail server: the digest is
 * text an officer can copy. When a council gives SMTP settings, Retain can send it itself:
 *
 *   RETAIN_SMTP_URL   smtp://user:password@mail.council.example:587 (STARTTLS when the server offers
 *                     it) or smtps://...:465 (TLS from the start)
 *   RETAIN_MAIL_FROM  the sender, e.g. "Scrutiny team <scrutiny@council.example>"
 *
 * nodemailer is the client: pure JavaScript, no dependencies of its own, MIT-0, maintained since
 * 2010 and the Node SMTP client most widely used; writing SMTP (dot-stuffing, STARTTLS, AUTH,
 * encoded headers) by hand would be more code to get wrong.
 */
export interface MailSettings {
  url: string;
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The settings from the environment, or null when sending is not set up (both are needed). */
export function mailSettingsFrom(env: Record<string, string | undefined>): MailSettings | null {
  const url = env.RETAIN_SMTP_URL?.trim();
  const from = env.RETAIN_MAIL_FROM?.trim();
  if (!url || !from) return null;
  return { url, from };
}

/** The server named by the settings, without its password, for pages and the audit log. */
export function mailServerName(settings: MailSettings): string {
  try {
    const url = new URL(settings.url);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}`;
  } catch {
    return 'the SMTP server';
  }
}

export interface SendResult {
  to: string;
  ok: boolean;
  /** Why it failed, in words fit for the page (never the password). */
  error?: string;
}

/**
 * Sends each message over one connection; a message the server refuses does not stop the others.
 * Plain text only: the digest is written as text, and HTML mail would be one more thing to escape.
 */
export async function sendMessages(settings: MailSettings, messages: readonly MailMessage[]): Promise<SendResult[]> {
  // Loaded when mail is sent, not with the web app that can send it (2 MB of modules).
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(settings.url, { from: settings.from });
  const results: SendResult[] = [];
  try {
    for (const message of messages) {
      try {
        await transport.sendMail({ to: message.to, subject: message.subject, text: message.text });
        results.push({ to: message.to, ok: true });
      } catch (error) {
        results.push({ to: message.to, ok: false, error: `${mailServerName(settings)} did not take it: ${(error as Error).message.replace(settings.url, mailServerName(settings))}` });
      }
    }
  } finally {
    transport.close();
  }
  return results;
}
