import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './mailer';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A real SMTP server on a free port (the `smtp-server` package), keeping what it is sent. */
describe('the mailer', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => {
          data += chunk.toString();
        });
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((to) => to.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends through SMTP_URL when it is set', async () => {
    const lines: string[] = [];
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Tandem <tandem@acme.test>',
      log: (line) => lines.push(line),
    });
    expect(mailer.via).toBe('smtp');
    await mailer.send({
      to: 'bob@acme.test',
      subject: 'Olive invited you to Acme on Tandem',
      text: 'Accept here: http://tandem.acme.test/invitation/abc',
      link: 'http://tandem.acme.test/invitation/abc',
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.from).toBe('tandem@acme.test');
    expect(received[0]?.to).toEqual(['bob@acme.test']);
    expect(received[0]?.data).toContain('Subject: Olive invited you to Acme on Tandem');
    expect(received[0]?.data).toContain('http://tandem.acme.test/invitation/abc');
    expect(lines).toEqual(['mail sent to bob@acme.test: Olive invited you to Acme on Tandem']);
  });

  it('prints the link to the log without SMTP_URL, and a failed SMTP delivery is an error, not silence', async () => {
    const lines: string[] = [];
    const logged = createMailer({ smtpUrl: null, from: 'Tandem <tandem@acme.test>', log: (line) => lines.push(line) });
    await logged.send({ to: 'bob@acme.test', subject: 'Reset your Tandem password', text: '…', link: 'http://x/reset' });
    expect(lines).toEqual(['mail to bob@acme.test (no SMTP_URL, so printed here): Reset your Tandem password: http://x/reset']);

    const unreachable = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'Tandem <tandem@acme.test>', log: () => {} });
    await expect(unreachable.send({ to: 'bob@acme.test', subject: 's', text: 't', link: 'l' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
