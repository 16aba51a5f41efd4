import { createTransport } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  /** Plain text; the link is written out in it. */
  text: string;
  /** The link the mail is about (printed to the log when there is no SMTP server). */
  link: string;
}

export interface Mailer {
  /** 'smtp' or 'log' (no SMTP_URL: the link is printed to the server log instead). */
  readonly via: 'smtp' | 'log';
  send(mail: Mail): Promise<void>;
}

/**
 * Sends the app's mails (invitations, password resets) through SMTP when `smtpUrl` is set; without
 * it, prints each mail's link to the log, so a quick start needs no mail server.
 */
export function createMailer(options: { smtpUrl: string | null; from: string; log: (line: string) => void }): Mailer {
  const { smtpUrl, from, log } = options;
  if (smtpUrl === null) {
    return {
      via: 'log',
      async send(mail) {
        log(`mail to ${mail.to} (no SMTP_URL, so printed here): ${mail.subject}: ${mail.link}`);
      },
    };
  }
  const transport = createTransport(smtpUrl);
  return {
    via: 'smtp',
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      log(`mail sent to ${mail.to}: ${mail.subject}`);
    },
  };
}
