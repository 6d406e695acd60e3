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
  filesLeftOutText,
  isPictureInMail,
  replyFileId,
  sortReplyFiles,
  type InboundFile,
  type InboundMail,
  type ReplyContext,
} from '../../../../functions/core/forums/reply-by-email.ts';
import { MAX_ATTACHMENT_BYTES } from '../../../../functions/core/forums/attachment-limits.ts';
import { MAX_ATTACHMENTS_PER_POST } from '../../../../functions/core/forums/attachments.ts';

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

const file = (filename: string | undefined, contentType: string, bytes = 10, change: Partial<InboundFile> = {}): InboundFile => ({
  filename,
  contentType,
  content: new Uint8Array(bytes),
  inline: false,
  shownByCid: false,
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
    expect(decideReply(mail(), context(), now)).toEqual({ accept: true, body: 'Athens joins.', files: { kept: [], leftOut: [], pictures: 0 } });
  });

  it('sorts the files of an accepted reply under the post form\'s rules', () => {
    const decision = decideReply(mail({ attachments: [file('budget.pdf', 'application/pdf'), file('run.exe', 'application/octet-stream')] }), context(), now);
    expect(decision).toMatchObject({ accept: true, files: { kept: [{ index: 0, filename: 'budget.pdf' }], leftOut: [{ filename: 'run.exe' }] } });
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

describe("a reply's files", () => {
  it('keeps the files the post form would take, with the type the extension decides', () => {
    // Act
    const sorted = sortReplyFiles([file('Minutes.PDF', 'application/pdf'), file('photo.jpg', 'image/jpeg'), file('table.csv', 'application/octet-stream')]);
    // Assess
    expect(sorted.kept).toEqual([
      { index: 0, filename: 'Minutes.PDF', contentType: 'application/pdf', size: 10 },
      { index: 1, filename: 'photo.jpg', contentType: 'image/jpeg', size: 10 },
      { index: 2, filename: 'table.csv', contentType: 'text/csv', size: 10 },
    ]);
    expect(sorted.leftOut).toEqual([]);
  });

  it('leaves out, each with why, a type not allowed, a renamed file, an empty one, one over 10 MB and one without a name', () => {
    // Act
    const sorted = sortReplyFiles([
      file('setup.exe', 'application/octet-stream'),
      file('report.pdf', 'text/html'),
      file('empty.txt', 'text/plain', 0),
      file('scan.pdf', 'application/pdf', MAX_ATTACHMENT_BYTES + 1),
      file(undefined, 'application/pdf'),
      file('../../etc/passwd.txt', 'text/plain'),
    ]);
    // Assess
    expect(sorted.kept).toEqual([]);
    expect(sorted.leftOut.map((f) => f.filename)).toEqual(['setup.exe', 'report.pdf', 'empty.txt', 'scan.pdf', 'A file without a name', '../../etc/passwd.txt']);
    expect(sorted.leftOut.map((f) => f.reason)).toEqual(['type', 'mismatch', 'empty', 'too-large', 'no-name', 'bad-name']);
  });

  it(`keeps at most ${MAX_ATTACHMENTS_PER_POST}, in the mail's order, and names the rest; a refused file takes no place`, () => {
    // Act
    const sorted = sortReplyFiles([file('bad.exe', 'application/octet-stream'), ...Array.from({ length: 7 }, (_, i) => file(`page-${i + 1}.png`, 'image/png'))]);
    // Assess
    expect(sorted.kept.map((f) => f.filename)).toEqual(['page-1.png', 'page-2.png', 'page-3.png', 'page-4.png', 'page-5.png']);
    expect(sorted.kept.map((f) => f.index)).toEqual([1, 2, 3, 4, 5]);
    expect(sorted.leftOut.map((f) => f.filename)).toEqual(['bad.exe', 'page-6.png', 'page-7.png']);
    expect(sorted.leftOut.map((f) => f.reason)).toEqual(['type', 'too-many', 'too-many']);
  });

  it('skips, without a word, the pictures the mail shows by Content-ID (a signature logo), and only those', () => {
    // Prepare
    const logo = file('logo.png', 'image/png', 10, { inline: true, shownByCid: true });
    const inlineButUnshown = file('plan.png', 'image/png', 10, { inline: true, shownByCid: false });
    const attachedAndShown = file('chart.png', 'image/png', 10, { inline: false, shownByCid: true });
    // Act
    const sorted = sortReplyFiles([logo, inlineButUnshown, attachedAndShown, file('icon.gif', 'image/gif', 10, { inline: true, shownByCid: true })]);
    // Assess
    expect([logo, inlineButUnshown, attachedAndShown].map(isPictureInMail)).toEqual([true, false, false]);
    expect(sorted.kept.map((f) => f.filename)).toEqual(['plan.png', 'chart.png']);
    expect(sorted.leftOut).toEqual([]);
    expect(sorted.pictures).toBe(2);
  });

  it('derives the same storage id from the same mail and file, another from any other, in the shape of an upload id', () => {
    expect(replyFileId('mark-1', 0)).toBe(replyFileId('mark-1', 0));
    expect(new Set([replyFileId('mark-1', 0), replyFileId('mark-1', 1), replyFileId('mark-2', 0)]).size).toBe(3);
    expect(replyFileId('mark-1', 0)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('tells the sender each file left out and why, then what files are taken, in their language', () => {
    // Act
    const lines = filesLeftOutText([{ filename: 'setup.exe', reason: 'type' }]);
    const several = filesLeftOutText([{ filename: 'setup.exe', reason: 'type' }, { filename: 'page-6.png', reason: 'too-many' }], 'fr');
    // Assess
    expect(lines[0]).toContain('This file was left out');
    expect(lines[1]).toBe('setup.exe: files of type .exe cannot be attached.');
    expect(lines.at(-1)).toContain('open the thread');
    expect(several[0]).toContain('Ces 2 fichiers ont été laissés de côté');
    expect(several[1]).toBe('setup.exe: les fichiers de type .exe ne peuvent pas être joints.');
    expect(several[2]).toBe(`page-6.png: un message porte au plus ${MAX_ATTACHMENTS_PER_POST} fichiers ; les ${MAX_ATTACHMENTS_PER_POST} premiers ont été gardés.`);
    expect(several.at(-1)).toContain('ouvrez la discussion');
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
    expect(replyAnswerEmail({ to: member, threadTitle: 'Pilots', threadId: 't1', baseUrl: 'https://hub.example.org', problem: 'Files.', posted: true, language: 'fr' }).subject).toBe('Publiée sans certains fichiers : Pilots');
  });
});
