import { describe, expect, it } from 'vitest';
import { digestEmail, postNotificationEmail, type Recipient } from '../../../../functions/core/forums/notifications.ts';

const links = { baseUrl: 'https://hub.example.org', settingsToken: 's'.repeat(32) };
const to = (language?: string, setting: Recipient['setting'] = 'immediate'): Recipient => ({ email: 'claire@example.org', name: 'Claire', setting, language });
const post = { groupName: 'Housing WG', threadId: 't1', threadTitle: 'Pilots in cities', authorName: 'Ana', html: '<p>Who <strong>joins</strong>?</p>', text: 'Who joins?', links };

describe("forum notifications, in the reader's language", () => {
  it('tells an English member of a reply in English', () => {
    const mail = postNotificationEmail({ ...post, to: to('en'), mentioned: false, event: 'reply' });
    expect(mail.subject).toBe('[Housing WG] Re: Pilots in cities');
    expect(mail.text).toContain('Ana replied in "Pilots in cities"');
    expect(mail.text).toContain('Open the thread: https://hub.example.org/members/thread/?id=t1');
    expect(mail.text).toContain('are set to "immediate"');
    expect(mail.text).toContain(`Change how often you hear from this group: https://hub.example.org/members/notifications/#${'s'.repeat(32)}`);
  });

  it("tells a French member in French, the post's own words and the thread's title untouched, links to French pages", () => {
    const mail = postNotificationEmail({ ...post, to: to('fr'), mentioned: false, event: 'reply', replyTo: 'r-abc@reply.example.org' });
    expect(mail.subject).toBe('[Housing WG] Re : Pilots in cities');
    expect(mail.text).toContain('Ana a répondu dans « Pilots in cities »');
    expect(mail.text).toContain('Dans le forum de Housing WG :');
    expect(mail.text).toContain('Who joins?');
    expect(mail.html).toContain('<p>Who <strong>joins</strong>?</p>');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.text).toContain('Ouvrir la discussion: https://hub.example.org/fr/members/thread/?id=t1');
    expect(mail.text).toContain('Répondez à ce message pour répondre dans la discussion');
    expect(mail.text).toContain('sont réglées sur « immédiatement »');
    expect(mail.text).toContain(`Changer la fréquence des messages de ce groupe: https://hub.example.org/fr/members/notifications/#${'s'.repeat(32)}`);
    expect(mail.replyTo).toBe('r-abc@reply.example.org');
  });

  it('names a new thread and a mention in French', () => {
    expect(postNotificationEmail({ ...post, to: to('fr'), mentioned: false, event: 'thread' }).subject).toBe('[Housing WG] Nouvelle discussion : Pilots in cities');
    const mention = postNotificationEmail({ ...post, to: to('fr', 'digest'), mentioned: true, event: 'reply' });
    expect(mention.subject).toBe('[Housing WG] Vous avez été mentionné : Pilots in cities');
    expect(mention.text).toContain('Ana vous a mentionné dans « Pilots in cities »');
    expect(mention.text).toContain('« résumé quotidien »');
  });

  it('falls back to English for a language the emails do not speak', () => {
    expect(postNotificationEmail({ ...post, to: to('pt'), mentioned: false, event: 'thread' }).subject).toBe('[Housing WG] New thread: Pilots in cities');
  });
});

describe("the daily digest, in the reader's language", () => {
  const threads = [
    { threadId: 't1', title: 'Pilots in cities', newPosts: [{ authorName: 'Ana', text: 'Athens joins.', createdAt: '2027-03-01T10:00:00Z' }] },
    { threadId: 't2', title: 'Budget', newPosts: [{ authorName: 'Ben', text: 'Numbers attached.', createdAt: '2027-03-01T11:00:00Z' }, { authorName: 'Ana', text: 'Thanks!', createdAt: '2027-03-01T12:00:00Z' }] },
  ];

  it('counts in English', () => {
    const mail = digestEmail({ to: to('en', 'digest'), groupName: 'Housing WG', threads, links });
    expect(mail.subject).toBe('[Housing WG] Daily digest: 3 new posts');
    expect(mail.text).toContain('3 new posts in Housing WG');
    expect(mail.text).toContain('Budget (2 new)\nhttps://hub.example.org/members/thread/?id=t2');
    expect(digestEmail({ to: to('en', 'digest'), groupName: 'Housing WG', threads: threads.slice(0, 1), links }).subject).toBe('[Housing WG] Daily digest: 1 new post');
  });

  it('counts in French, quotes what members wrote as written, and links the French pages', () => {
    const mail = digestEmail({ to: to('fr', 'digest'), groupName: 'Housing WG', threads, links });
    expect(mail.subject).toBe('[Housing WG] Résumé du jour : 3 nouveaux messages');
    expect(mail.text).toContain('3 nouveaux messages dans Housing WG');
    expect(mail.text).toContain('Ce qui a été écrit dans votre groupe de travail depuis hier :');
    expect(mail.text).toContain('Pilots in cities (1 nouveau)\nhttps://hub.example.org/fr/members/thread/?id=t1');
    expect(mail.text).toContain('Budget (2 nouveaux)\nhttps://hub.example.org/fr/members/thread/?id=t2');
    expect(mail.text).toContain('  Ben: Numbers attached.');
    expect(mail.html).toContain('href="https://hub.example.org/fr/members/thread/?id=t2"');
    expect(mail.html).toContain('<html lang="fr">');
    expect(digestEmail({ to: to('fr', 'digest'), groupName: 'Housing WG', threads: threads.slice(0, 1), links }).subject).toBe('[Housing WG] Résumé du jour : 1 nouveau message');
  });
});
