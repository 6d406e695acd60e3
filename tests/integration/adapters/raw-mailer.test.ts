import { describe, expect, it } from 'vitest';
import { createDeps } from '../../../functions/api/deps.ts';
import { header, inbox } from '../../helpers/inbox.ts';
import { testConfig, uniqueEmail } from '../../helpers/hub.ts';

describe('raw mailer through the SES emulator', () => {
  it('sends a real email whose headers and parts arrive intact', async () => {
    // Prepare
    const config = testConfig();
    const { mailer } = createDeps(config);
    const to = uniqueEmail('reader');
    // Act
    const { messageId } = await mailer.send({
      to,
      subject: 'Partnership news',
      text: 'Plain words.',
      html: '<p>Plain words.</p>',
      unsubscribeUrl: 'http://localhost:4321/api/unsubscribe/token-1',
    });
    // Assess
    expect(messageId).not.toBe('');
    const [email] = await inbox(config.SES_ENDPOINT!).waitFor(to);
    expect(email?.subject).toBe('Partnership news');
    expect(email?.from?.text).toBe('hub@partnership.example.org');
    expect(header(email!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(email?.html).toContain('<p>Plain words.</p>');
  });

  it('also lands in the emulator store that its web inbox shows', async () => {
    const config = testConfig();
    const to = uniqueEmail('viewer');
    await createDeps(config).mailer.send({ to, subject: 'Seen in the inbox', text: 't', html: '<p>h</p>' });
    const store = (await (await fetch(`${config.SES_ENDPOINT}/store`)).json()) as {
      emails: { destination: { to: string[] }; subject: string }[];
    };
    expect(store.emails.some((e) => e.destination.to.includes(to) && e.subject === 'Seen in the inbox')).toBe(true);
  });
});
