import { describe, expect, it } from 'vitest';
import { newFeedKey } from '../../../../functions/core/networks/feed-key.ts';
import { describeError, scrub } from '../../../../functions/core/privacy/log-line.ts';

describe('scrub', () => {
  it('replaces an address and the name in front of it, as SES quotes a rejected recipient', () => {
    // Act
    const text = scrub('Email address is not verified. The following identities failed the check in region EU-WEST-1: Jane Doe <jane.doe@example.org>');
    // Assess
    expect(text).toBe('Email address is not verified. The following identities failed the check in region EU-WEST-1: [address]');
  });

  it('replaces an address in a path, plain or percent-encoded, and keeps the segments around it', () => {
    // Assess
    expect(scrub('/api/admin/contacts/jane@example.org/erase')).toBe('/api/admin/contacts/[address]/erase');
    expect(scrub('/api/admin/contacts/jane%40example.org')).toBe('/api/admin/contacts/[address]');
  });

  it('replaces link tokens (with their delivery tag) and keeps UUIDs, which name records, not people', () => {
    // Prepare
    const token = 'Qm9uam91ciwgdm91cyBuZSBkZXZyaWV6IHBhcyBsaXJlIGNlY2k';
    const id = '2f38c74d-0b99-44e5-ab7e-559700ea7e0a';
    // Assess
    expect(scrub(`/api/unsubscribe/${token}.u-abc.0123456789abcdef0123456789abcdef`)).toBe('/api/unsubscribe/[secret]');
    expect(scrub(`/api/events/${id}/registration`)).toBe(`/api/events/${id}/registration`);
  });

  it("replaces a network feed's key and its extension, and keeps the network", () => {
    // Prepare
    const key = newFeedKey();
    // Assess
    expect(scrub(`/api/feeds/networks/eurocities/${key}.rss`)).toBe('/api/feeds/networks/eurocities/[secret]');
    expect(scrub(`GET /api/feeds/networks/ecre/${key}.json 404`)).toBe('GET /api/feeds/networks/ecre/[secret] 404');
  });
});

describe('describeError', () => {
  it('names the error and scrubs its message and stack', () => {
    // Prepare
    const error = new Error('MessageRejected for someone@example.org');
    // Act
    const described = describeError(error, { stack: true });
    // Assess
    expect(described.error).toBe('Error: MessageRejected for [address]');
    expect(described.stack).not.toContain('@example.org');
  });
});
