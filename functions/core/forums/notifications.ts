import { z } from 'zod';
import type { GroupRole } from '../groups/group.ts';
import { escapeHtml, renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { localPath, mailWords, type MailWords } from '../mail/words.ts';

export const notificationSettings = ['immediate', 'digest', 'off'] as const;
export const notificationSettingSchema = z.enum(notificationSettings);
export type NotificationSetting = z.infer<typeof notificationSettingSchema>;

/**
 * Until a member chooses: leaders hear of every post at once (they moderate and answer);
 * everyone else gets one daily digest, so a busy group does not flood officials' inboxes.
 */
export function defaultSetting(role: GroupRole | undefined): NotificationSetting {
  return role === 'leader' ? 'immediate' : 'digest';
}

export type ForumEvent = 'thread' | 'reply';

export interface Recipient {
  email: string;
  name: string;
  setting: NotificationSetting;
  /** The member's language; their emails are written in it when the hub speaks it. */
  language?: string | undefined;
}

/**
 * Who gets an email now for a new post: members set to `immediate`, and mentioned members unless
 * they turned the group off. Never the author.
 */
export function immediateRecipients(members: Recipient[], author: string, mentioned: string[]): { recipient: Recipient; mentioned: boolean }[] {
  const named = new Set(mentioned);
  return members
    .filter((m) => m.email !== author)
    .filter((m) => m.setting === 'immediate' || (named.has(m.email) && m.setting !== 'off'))
    .map((m) => ({ recipient: m, mentioned: named.has(m.email) }));
}

export interface Links {
  baseUrl: string;
  /** The token of the one-click settings page for this recipient and group. */
  settingsToken: string;
}

/** A thread's page, in the reader's language. */
export const threadUrl = (baseUrl: string, threadId: string, language?: string) => `${baseUrl}${localPath(language, '/members/thread/')}?id=${encodeURIComponent(threadId)}`;
export const settingsUrl = (baseUrl: string, token: string, language?: string) => `${baseUrl}${localPath(language, '/members/notifications/')}#${token}`;

const footer = (w: MailWords, groupName: string, setting: NotificationSetting, links: Links) => ({
  text: w('forum.footer', { group: groupName, setting: w(`forum.setting.${setting}`) }),
  links: [{ label: w('forum.change'), url: settingsUrl(links.baseUrl, links.settingsToken, w.language) }],
});

/** The email a member gets at once for a new thread, a reply, or a mention: the hub's words in their language, the post as written. */
export function postNotificationEmail(input: {
  to: Recipient;
  mentioned: boolean;
  event: ForumEvent;
  groupName: string;
  threadId: string;
  threadTitle: string;
  authorName: string;
  html: string;
  text: string;
  links: Links;
  /** The recipient's own reply address for this thread; answering the email then posts a reply. */
  replyTo?: string | undefined;
}): OutgoingEmail {
  const w = mailWords(input.to.language);
  const kind = input.mentioned ? 'mentioned' : input.event;
  const values = { group: input.groupName, title: input.threadTitle, author: input.authorName };
  const small = footer(w, input.groupName, input.to.setting, input.links);
  const body = renderEmail({
    heading: w(`forum.heading.${kind}`, values),
    paragraphs: [w('forum.in', values)],
    html: { html: input.html, text: input.text },
    action: { label: w('link.thread'), url: threadUrl(input.links.baseUrl, input.threadId, w.language) },
    footer: input.replyTo ? { ...small, text: `${w('forum.answerByEmail')} ${small.text}` } : small,
    language: w.language,
  });
  return { to: input.to.email, subject: oneLine(w(`forum.subject.${kind}`, values)).slice(0, 250), ...body, ...(input.replyTo ? { replyTo: input.replyTo } : {}) };
}

export interface DigestThread {
  threadId: string;
  title: string;
  newPosts: { authorName: string; text: string; createdAt: string }[];
}

/** One email a day per member and group, in their language: what was written there in the last day. */
export function digestEmail(input: { to: Recipient; groupName: string; threads: DigestThread[]; links: Links }): OutgoingEmail {
  const w = mailWords(input.to.language);
  const count = input.threads.reduce((n, t) => n + t.newPosts.length, 0);
  const url = (t: DigestThread) => threadUrl(input.links.baseUrl, t.threadId, w.language);
  const text = input.threads
    .map((t) => [w.count('digest.thread', t.newPosts.length, { title: t.title }), url(t), ...t.newPosts.map((p) => `  ${p.authorName}: ${excerpt(p.text)}`)].join('\n'))
    .join('\n\n');
  const html = input.threads
    .map(
      (t) =>
        `<h2 style="font-size:16px;margin:16px 0 4px"><a href="${escapeHtml(url(t))}">${escapeHtml(t.title)}</a></h2><ul>${t.newPosts
          .map((p) => `<li><strong>${escapeHtml(p.authorName)}</strong>: ${escapeHtml(excerpt(p.text))}</li>`)
          .join('')}</ul>`,
    )
    .join('');
  const group = { group: input.groupName };
  const body = renderEmail({
    heading: w.count('digest.heading', count, group),
    paragraphs: [w('digest.intro')],
    html: { html, text },
    footer: footer(w, input.groupName, input.to.setting, input.links),
    language: w.language,
  });
  return { to: input.to.email, subject: oneLine(w.count('digest.subject', count, group)).slice(0, 250), ...body };
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
const excerpt = (s: string) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
};
