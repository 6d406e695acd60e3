import { describe, expect, it } from 'vitest';
import {
  decideReply,
  isAutomatic,
  MAX_INBOUND_BYTES,
  MAX_REPLY_CHARS,
  refusalText,
  replyAddress,
  replyAnswerEmail,
  replyTokenIn,
  silentRefusals,
  visibleReply,
  type InboundMail,
  type ReplyContext,
} from '../../../../functions/core/forums/reply-by-email.ts';

const now = new Date('2027-03-01T12:00:00Z');
const token = 'ab'.repeat(20);
const member = 'member1a@example.org';

const mail = (change: Partial<InboundMail> = {}): InboundMail => ({
  messageId: 'm1@mail.example.org',
  from: member,
  returnPath: member,
  recipients: [replyAddress(token, 'reply.example.org')],
  headers: {},
  contentType: 'text/plain',
  text: 'Athens joins.\n\nOn Mon, 1 Mar 2027 at 10:00, Hub <hub@example.org> wrote:\n> Who joins?',
  attachments: [],
  size: 2_000,
  ...change,
});

const context = (change: Partial<ReplyContext> = {}): ReplyContext => ({
  address: { email: member, threadId: 't1', groupId: 'wg1', expiresAt: now.getTime() / 1000 + 3600 },
  thread: { id: 't1', title: 'Pilots', locked: false, groupId: 'wg1' },
  group: { name: 'Working Group 1', archived: false },
  membership: { role: 'member' },
  secretariat: false,
  mute: undefined,
  ...change,
});

const refusal = (m: InboundMail, c: ReplyContext) => {
  const decision = decideReply(m, c, now);
  return decision.accept ? 'accepted' : decision.reason;
};

describe('reply addresses', () => {
  it('finds the token of a reply address of the domain among the recipients, whatever the case', () => {
    expect(replyTokenIn(['someone@example.org', `Reply+${token.toUpperCase()}@Reply.Example.org`], 'reply.example.org')).toBe(token);
  });

  it('finds nothing at another domain or in a malformed local part', () => {
    expect(replyTokenIn([replyAddress(token, 'elsewhere.org')], 'reply.example.org')).toBeUndefined();
    expect(replyTokenIn([`reply+${token.slice(2)}@reply.example.org`, `reply-${token}@reply.example.org`, 'reply+zz@reply.example.org'], 'reply.example.org')).toBeUndefined();
  });
});

describe('what a machine wrote', () => {
  it.each([
    ['Auto-Submitted auto-replied', { headers: { 'auto-submitted': 'auto-replied' } }],
    ['Auto-Submitted auto-generated', { headers: { 'auto-submitted': 'auto-generated' } }],
    ['Precedence bulk', { headers: { precedence: 'bulk' } }],
    ['Precedence junk', { headers: { precedence: 'junk' } }],
    ['Precedence list', { headers: { precedence: 'list' } }],
    ['X-Autoreply', { headers: { 'x-autoreply': 'yes' } }],
    ['an empty return path (a bounce)', { returnPath: '<>' }],
    ['the mailer daemon', { returnPath: 'MAILER-DAEMON@mx.example.org' }],
    ['a delivery status report', { contentType: 'multipart/report' }],
  ] as [string, Partial<InboundMail>][])('knows %s', (_what, change) => {
    expect(isAutomatic(mail(change))).toBe(true);
    expect(refusal(mail(change), context())).toBe('auto-reply');
  });

  it('takes Auto-Submitted: no and a person\'s mail as written by a person', () => {
    expect(isAutomatic(mail({ headers: { 'auto-submitted': 'no', precedence: 'first-class' } }))).toBe(false);
  });
});

describe('the reply rule', () => {
  it('accepts the recipient\'s own answer, without the quoted mail', () => {
    expect(decideReply(mail(), context(), now)).toEqual({ accept: true, body: 'Athens joins.', attachmentsLeftOut: 0 });
  });

  it('counts the attachments it leaves out', () => {
    const decision = decideReply(mail({ attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', size: 10 }] }), context(), now);
    expect(decision).toMatchObject({ accept: true, attachmentsLeftOut: 1 });
  });

  it('refuses an unknown or forged address', () => {
    expect(refusal(mail(), context({ address: undefined }))).toBe('unknown-address');
  });

  it('refuses mail from anyone but the recipient, and mail SES could not authenticate', () => {
    expect(refusal(mail({ from: 'member1b@example.org' }), context())).toBe('wrong-sender');
    expect(refusal(mail({ from: undefined }), context())).toBe('wrong-sender');
    expect(refusal(mail({ authenticationFailed: true }), context())).toBe('wrong-sender');
  });

  it('refuses an expired address', () => {
    expect(refusal(mail(), context({ address: { email: member, threadId: 't1', groupId: 'wg1', expiresAt: now.getTime() / 1000 - 1 } }))).toBe('expired');
  });

  it('refuses a message too large, or a text longer than a post', () => {
    expect(refusal(mail({ size: MAX_INBOUND_BYTES + 1 }), context())).toBe('too-large');
    expect(refusal(mail({ text: 'x'.repeat(MAX_REPLY_CHARS + 1) }), context())).toBe('too-large');
  });

  it('refuses a thread that is gone, locked, or in an archived group', () => {
    expect(refusal(mail(), context({ thread: undefined }))).toBe('thread-gone');
    expect(refusal(mail(), context({ thread: { id: 't1', title: 'Pilots', locked: true, groupId: 'wg1' } }))).toBe('locked');
    expect(refusal(mail(), context({ group: { name: 'Working Group 1', archived: true } }))).toBe('archived');
  });

  it('refuses a member whose membership has ended, and one who never had one', () => {
    expect(refusal(mail(), context({ membership: { role: 'contributor', until: '2027-03-01T11:59:59Z' } }))).toBe('not-a-member');
    expect(refusal(mail(), context({ membership: undefined }))).toBe('not-a-member');
    expect(refusal(mail(), context({ membership: { role: 'contributor', until: '2027-03-02T00:00:00Z' } }))).toBe('accepted');
  });

  it('refuses an observer, and accepts the secretariat outside the group', () => {
    expect(refusal(mail(), context({ membership: { role: 'observer' } }))).toBe('observer');
    expect(refusal(mail(), context({ membership: undefined, secretariat: true }))).toBe('accepted');
  });

  it('refuses a member muted in the group until the mute ends', () => {
    expect(refusal(mail(), context({ mute: { until: '2027-03-02T00:00:00Z' } }))).toBe('muted');
    expect(refusal(mail(), context({ mute: { until: '2027-03-01T00:00:00Z' } }))).toBe('accepted');
  });

  it('refuses an answer with no text above the quote', () => {
    expect(refusal(mail({ text: 'On Mon, 1 Mar 2027 at 10:00, Hub <hub@example.org> wrote:\n> Who joins?' }), context())).toBe('empty');
  });

  it('looks at no thread before the sender is known: a stranger learns nothing of a locked one', () => {
    expect(refusal(mail({ from: 'stranger@example.org' }), context({ thread: { id: 't1', title: 'Pilots', locked: true, groupId: 'wg1' } }))).toBe('wrong-sender');
  });

  it('answers nobody about an auto-reply, an unknown address or a wrong sender', () => {
    expect([...silentRefusals].sort()).toEqual(['auto-reply', 'unknown-address', 'wrong-sender']);
    expect(refusalText('locked', { mute: undefined })).toContain('locked');
    expect(refusalText('muted', { mute: { until: '2027-03-02T00:00:00Z' } })).toContain('until March 2, 2027 at 00:00 UTC');
  });

  it("tells a French member why, in French, dates and numbers the French way", () => {
    expect(refusalText('locked', { mute: undefined, language: 'fr' })).toBe('Cette discussion est verrouillée : on peut la lire, pas y répondre.');
    expect(refusalText('muted', { mute: { until: '2027-03-02T00:00:00Z' }, language: 'fr' })).toContain('jusqu’au 2 mars 2027 à 00:00 UTC');
    expect(refusalText('too-large', { mute: undefined, language: 'fr' })).toContain(`au plus ${new Intl.NumberFormat('fr').format(MAX_REPLY_CHARS)} caractères`);
    expect(refusalText('too-large', { mute: undefined, language: 'de' })).toContain(`at most ${MAX_REPLY_CHARS.toLocaleString('en')} characters`);
  });
});

describe('stripping', () => {
  it('drops the signature and the quoted mail, keeping paragraphs', () => {
    const text = 'First point.\n\nSecond point.\n\n-- \nMaria\nCity of Athens\n\nOn Mon, 1 Mar 2027, Hub wrote:\n> old';
    expect(visibleReply(text)).toBe('First point.\n\nSecond point.');
  });

  it('reads Windows line ends', () => {
    expect(visibleReply('Yes.\r\n\r\n> quoted\r\n')).toBe('Yes.');
  });
});

describe('the answer to the sender', () => {
  it('is marked automatic so no auto-responder answers it back', () => {
    const email = replyAnswerEmail({ to: member, threadTitle: 'Pilots', threadId: 't1', baseUrl: 'https://hub.example.org', problem: 'Locked.', posted: false });
    expect(email).toMatchObject({ to: member, subject: 'Not posted: Pilots', autoSubmitted: true });
    expect(email.text).toContain('https://hub.example.org/members/thread/?id=t1');
  });

  it("is in a French member's language around the thread's own title, and opens the French page", () => {
    const email = replyAnswerEmail({ to: member, threadTitle: 'Pilots', threadId: 't1', baseUrl: 'https://hub.example.org', problem: 'Verrouillée.', posted: false, language: 'fr' });
    expect(email.subject).toBe('Non publiée : Pilots');
    expect(email.text).toContain('Votre réponse à « Pilots » n’a pas été publiée');
    expect(email.text).toContain('Ouvrir la discussion: https://hub.example.org/fr/members/thread/?id=t1');
    expect(email.text).toContain('Vous recevez ceci parce que vous avez répondu par courriel');
    expect(email.html).toContain('<html lang="fr">');
    expect(replyAnswerEmail({ to: member, threadTitle: 'Pilots', threadId: 't1', baseUrl: 'https://hub.example.org', problem: 'Files.', posted: true, language: 'fr' }).subject).toBe('Publiée sans pièces jointes : Pilots');
  });
});
