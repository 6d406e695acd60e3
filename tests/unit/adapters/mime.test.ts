import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { header } from '../../helpers/inbox.ts';
import { toMime } from '../../../functions/adapters/ses/raw-mailer.ts';

describe('toMime', () => {
  it('carries text and HTML parts and the one-click unsubscribe headers', async () => {
    // Prepare
    const email = {
      to: 'reader@example.org',
      subject: 'Urban Academy: registrations open',
      text: 'Registrations are open.',
      html: '<p>Registrations are open.</p>',
      unsubscribeUrl: 'https://hub.example.org/api/unsubscribe/abc',
      headers: { 'X-Hub-Delivery': 'update-1/reader' },
    };
    // Act
    const parsed = await simpleParser(toMime(email, 'updates@example.org'));
    // Assess
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text?.trim()).toBe(email.text);
    expect(parsed.html).toContain('<p>Registrations are open.</p>');
    expect(header(parsed, 'list-unsubscribe')).toBe('<https://hub.example.org/api/unsubscribe/abc>');
    expect(header(parsed, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header(parsed, 'x-hub-delivery')).toBe('update-1/reader');
  });

  it('leaves the unsubscribe headers out of transactional mail', async () => {
    const parsed = await simpleParser(
      toMime({ to: 'member@example.org', subject: 'Your sign-in link', text: 't', html: '<p>h</p>' }, 'hub@example.org'),
    );
    expect(header(parsed, 'list-unsubscribe')).toBeUndefined();
  });

  it('names a reply address in Reply-To and marks an automatic answer (RFC 3834)', async () => {
    const parsed = await simpleParser(
      toMime({ to: 'member@example.org', subject: 'Not posted', text: 't', html: '<p>h</p>', replyTo: `reply+${'ab'.repeat(20)}@reply.example.org`, autoSubmitted: true }, 'hub@example.org'),
    );
    expect(parsed.replyTo?.value[0]?.address).toBe(`reply+${'ab'.repeat(20)}@reply.example.org`);
    expect(header(parsed, 'auto-submitted')).toBe('auto-replied');
  });

  it('refuses a Reply-To that is not one address', () => {
    expect(() => toMime({ to: 'a@example.org', subject: 's', text: 't', html: 'h', replyTo: 'a@example.org\r\nBcc: victim@example.org' }, 'hub@example.org')).toThrowError();
  });

  it('refuses a subject that would inject a header', () => {
    expect(() =>
      toMime({ to: 'a@example.org', subject: 'Hello\r\nBcc: victim@example.org', text: 't', html: 'h' }, 'hub@example.org'),
    ).toThrowError(/must not contain line breaks/);
  });
});
