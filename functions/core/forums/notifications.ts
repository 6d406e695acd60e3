import { z } from 'zod';
import type { GroupRole } from '../groups/group.ts';
import { escapeHtml, renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';

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

export const threadUrl = (baseUrl: string, threadId: string) => `${baseUrl}/members/thread/?id=${encodeURIComponent(threadId)}`;
export const settingsUrl = (baseUrl: string, token: string) => `${baseUrl}/members/notifications/#${token}`;

const footer = (groupName: string, setting: NotificationSetting, links: Links) => ({
  text: `You get this because your notifications for ${groupName} are set to "${setting}".`,
  links: [{ label: 'Change how often you hear from this group', url: settingsUrl(links.baseUrl, links.settingsToken) }],
});

/** The email a member gets at once for a new thread, a reply, or a mention. */
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
  const what = input.mentioned
    ? `${input.authorName} mentioned you in "${input.threadTitle}"`
    : input.event === 'thread'
      ? `${input.authorName} started "${input.threadTitle}"`
      : `${input.authorName} replied in "${input.threadTitle}"`;
  const small = footer(input.groupName, input.to.setting, input.links);
  const subject = `[${input.groupName}] ${input.mentioned ? 'You were mentioned: ' : input.event === 'thread' ? 'New thread: ' : 'Re: '}${input.threadTitle}`;
  const body = renderEmail({
    heading: what,
    paragraphs: [`In the forum of ${input.groupName}:`],
    html: { html: input.html, text: input.text },
    action: { label: 'Open the thread', url: threadUrl(input.links.baseUrl, input.threadId) },
    footer: input.replyTo ? { ...small, text: `Answer this email to reply in the thread: write above the quoted text, from this address. ${small.text}` } : small,
  });
  return { to: input.to.email, subject: oneLine(subject).slice(0, 250), ...body, ...(input.replyTo ? { replyTo: input.replyTo } : {}) };
}

export interface DigestThread {
  threadId: string;
  title: string;
  newPosts: { authorName: string; text: string; createdAt: string }[];
}

/** One email a day per member and group: what was written there in the last day. */
export function digestEmail(input: { to: Recipient; groupName: string; threads: DigestThread[]; links: Links }): OutgoingEmail {
  const count = input.threads.reduce((n, t) => n + t.newPosts.length, 0);
  const text = input.threads
    .map((t) => [`${t.title} (${t.newPosts.length} new)`, threadUrl(input.links.baseUrl, t.threadId), ...t.newPosts.map((p) => `  ${p.authorName}: ${excerpt(p.text)}`)].join('\n'))
    .join('\n\n');
  const html = input.threads
    .map(
      (t) =>
        `<h2 style="font-size:16px;margin:16px 0 4px"><a href="${escapeHtml(threadUrl(input.links.baseUrl, t.threadId))}">${escapeHtml(t.title)}</a></h2><ul>${t.newPosts
          .map((p) => `<li><strong>${escapeHtml(p.authorName)}</strong>: ${escapeHtml(excerpt(p.text))}</li>`)
          .join('')}</ul>`,
    )
    .join('');
  const body = renderEmail({
    heading: `${count} new post${count === 1 ? '' : 's'} in ${input.groupName}`,
    paragraphs: ['What was written in your working group since yesterday:'],
    html: { html, text },
    footer: footer(input.groupName, input.to.setting, input.links),
  });
  return { to: input.to.email, subject: oneLine(`[${input.groupName}] Daily digest: ${count} new post${count === 1 ? '' : 's'}`).slice(0, 250), ...body };
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
const excerpt = (s: string) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
};
