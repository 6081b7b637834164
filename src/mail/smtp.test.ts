import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtp-catcher.ts';
import { mailServerName, mailSettingsFrom, sendMessages } from './smtp.ts';

let catcher: SmtpCatcher;
before(async () => {
  catcher = await startSmtpCatcher();
});
after(() => catcher.close());

test('sending is set up only when both the SMTP server and the sender are given', () => {
  assert.equal(mailSettingsFrom({}), null);
  assert.equal(mailSettingsFrom({ RETAIN_SMTP_URL: 'smtp://mail.example:25' }), null);
  assert.deepEqual(mailSettingsFrom({ RETAIN_SMTP_URL: ' smtp://u:p@mail.example:587 ', RETAIN_MAIL_FROM: 'Scrutiny <s@example.org>' }), {
    url: 'smtp://u:p@mail.example:587',
    from: 'Scrutiny <s@example.org>',
  });
  assert.equal(mailServerName({ url: 'smtp://user:secret@mail.example:587', from: 'x' }), 'mail.example:587');
});

test('each message reaches the SMTP server as plain text from the configured sender', async () => {
  const results = await sendMessages({ url: catcher.url, from: 'Scrutiny team <scrutiny@council.example>' }, [
    { to: 'hos@council.example', subject: 'Scrutiny recommendations: 2 updates due (1 overdue)', text: 'Dear Head of Service,\n\n.leading dot kept\n\nÉlodie’s update\n' },
    { to: 'psw@council.example', subject: 'Second', text: 'Hello' },
  ]);
  assert.deepEqual(results, [
    { to: 'hos@council.example', ok: true },
    { to: 'psw@council.example', ok: true },
  ]);
  assert.equal(catcher.messages.length, 2);
  const [first] = catcher.messages;
  assert.equal(first!.from, 'scrutiny@council.example');
  assert.deepEqual(first!.to, ['hos@council.example']);
  assert.match(first!.data, /^Subject: Scrutiny recommendations: 2 updates due \(1 overdue\)$/m);
  assert.match(first!.data, /^Content-Type: text\/plain; charset=utf-8$/m);
  assert.match(first!.data, /^From: Scrutiny team <scrutiny@council\.example>$/m);
});

test('a server that cannot be reached is reported per message, without the password', async () => {
  const closed = await startSmtpCatcher();
  await closed.close();
  const results = await sendMessages({ url: `smtp://user:secret@127.0.0.1:${closed.port}`, from: 's@example.org' }, [{ to: 'a@example.org', subject: 'x', text: 'y' }]);
  assert.equal(results[0]!.ok, false);
  assert.match(results[0]!.error!, /^127\.0\.0\.1:\d+ did not take it: /);
  assert.doesNotMatch(results[0]!.error!, /secret/);
});
