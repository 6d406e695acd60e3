import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../../functions/jobs/index.ts';
import { get, mailWithSubject, send, startThread } from '../../helpers/forums.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { addMember, cookiesFrom, post, signIn } from '../../helpers/session.ts';

/** Each person's emails in their own language: the member chooses it, and the hub's words follow. */
describe("the language of a member's emails", () => {
  let hub: TestHub;
  let groupId: string;
  beforeAll(async () => {
    hub = await createTestHub();
    groupId = `wg-${randomUUID().slice(0, 8)}`;
    await hub.deps.partnership.addGroup({ id: groupId, name: 'Housing WG', description: '', archived: false, createdAt: new Date().toISOString() });
  });
  afterAll(() => hub.dispose());

  const person = async (label: string, role: 'leader' | 'member', language: 'en' | 'fr') => {
    const email = await addMember(hub, { email: `${label}-${randomUUID().slice(0, 8)}@example.org`, name: `${label} person`, groups: [{ groupId, role }] });
    const cookie = await signIn(hub, email);
    if (language !== 'en') expect((await send(hub, 'PUT', '/api/me/language', { language }, cookie)).status).toBe(200);
    return { email, cookie };
  };

  it('lets a member read and choose their own language, and nobody else’s', async () => {
    // Prepare
    const claire = await person('claire', 'member', 'en');
    const other = await person('other', 'member', 'en');
    // Act
    const before = await get(hub, '/api/me/language', claire.cookie);
    const changed = await send(hub, 'PUT', '/api/me/language', { language: 'fr', email: other.email }, claire.cookie);
    const after = await get(hub, '/api/me/language', claire.cookie);
    // Assess
    expect(await before.json()).toEqual({ language: 'en', languages: ['en', 'fr'] });
    expect(changed.status).toBe(200);
    expect(await after.json()).toEqual({ language: 'fr', languages: ['en', 'fr'] });
    expect((await hub.deps.partnership.getMember(claire.email))?.language).toBe('fr');
    expect((await hub.deps.partnership.getMember(other.email))?.language).toBe('en');
  });

  it('refuses a language the emails do not speak, a malformed body, and a caller who is not signed in', async () => {
    const claire = await person('refused', 'member', 'en');
    const german = await send(hub, 'PUT', '/api/me/language', { language: 'de' }, claire.cookie);
    expect(german.status).toBe(400);
    expect(await german.json()).toMatchObject({ error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'language' })] } });
    expect((await send(hub, 'PUT', '/api/me/language', {}, claire.cookie)).status).toBe(400);
    expect((await send(hub, 'PUT', '/api/me/language', { language: ['fr'] }, claire.cookie)).status).toBe(400);
    expect((await send(hub, 'PUT', '/api/me/language', { language: 'fr' })).status).toBe(401);
    expect((await get(hub, '/api/me/language')).status).toBe(401);
    expect((await hub.deps.partnership.getMember(claire.email))?.language).toBe('en');
  });

  it("sends a French member's sign-in email in French, with the French page, and an English member's in English", async () => {
    // Prepare
    const french = await person('francoise', 'member', 'fr');
    const english = await person('edward', 'member', 'en');
    // Act
    for (const email of [french.email, english.email]) expect((await post(hub, '/api/auth/login', { email })).status).toBe(202);
    // Assess
    const [fr] = await mailWithSubject(hub, french.email, 'Connexion au Partnership Hub');
    expect(fr!.text).toContain('Bonjour francoise person,');
    expect(fr!.text).toMatch(/Ouvrir la page de connexion: http[^\s]+\/fr\/members\/verify\/#[A-Za-z0-9_-]+/);
    expect(fr!.html).toContain('<html lang="fr">');
    const signIns = (await hub.inbox.waitFor(english.email, 2)).filter((m) => m.subject === 'Sign in to the Partnership Hub');
    expect(signIns).toHaveLength(2);
    expect(signIns.at(-1)!.text).toMatch(/Open the sign-in page: http[^\s]+\/members\/verify\/#/);
    // The French member's link signs them in like any other
    const pending = cookiesFrom(await post(hub, '/api/auth/login', { email: french.email }));
    const latest = (await hub.inbox.waitFor(french.email, 3)).at(-1)!.text ?? '';
    const token = /\/fr\/members\/verify\/#([A-Za-z0-9_-]+)/.exec(latest)![1];
    expect((await post(hub, '/api/auth/verify', { token }, pending)).status).toBe(200);
  });

  it('invites a new member in the language the secretariat gave, and refuses a language that is not one', async () => {
    // Prepare
    const secretariat = await signIn(hub, await addMember(hub, { secretariat: true }));
    const invitee = `invitee-${randomUUID().slice(0, 8)}@example.org`;
    // Act
    const invited = await post(hub, '/api/admin/members', { email: invitee, name: 'Inès', groupId, role: 'member', language: 'fr' }, secretariat);
    const wrong = await post(hub, '/api/admin/members', { email: `x-${invitee}`, name: 'X', groupId, role: 'member', language: 'xx' }, secretariat);
    // Assess
    expect(invited.status).toBe(201);
    expect(wrong.status).toBe(400);
    const [mail] = await mailWithSubject(hub, invitee, 'Invitation : Housing WG');
    expect(mail!.text).toContain('Vous êtes invité au forum privé de Housing WG');
    expect(mail!.text).toMatch(/\/fr\/members\/verify\/#/);
    expect((await hub.deps.partnership.getMember(invitee))?.language).toBe('fr');
  });

  it('tells a French leader of a reply in French and an English leader in English, the post as written', async () => {
    // Prepare
    const french = await person('fleur', 'leader', 'fr');
    const english = await person('eric', 'leader', 'en');
    const author = await person('author', 'member', 'en');
    const { thread } = await startThread(hub, groupId, author.cookie, 'Pilots in cities', 'Who joins?');
    // Act
    expect((await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Athens **joins**.' }, author.cookie)).status).toBe(201);
    // Assess
    const [fr] = await mailWithSubject(hub, french.email, '[Housing WG] Re : Pilots in cities');
    expect(fr!.text).toContain('author person a répondu dans « Pilots in cities »');
    expect(fr!.text).toContain('Athens joins.');
    expect(fr!.text).toContain(`/fr/members/thread/?id=${thread.id}`);
    expect(fr!.text).toMatch(/\/fr\/members\/notifications\/#/);
    expect(fr!.html).toContain('<strong>joins</strong>');
    const [en] = await mailWithSubject(hub, english.email, '[Housing WG] Re: Pilots in cities');
    expect(en!.text).toContain('author person replied in "Pilots in cities"');
    expect(en!.text).not.toContain('/fr/');
  });

  it('writes the daily digest to a French member in French and to an English member in English', async () => {
    // Prepare
    const french = await person('danielle', 'member', 'fr');
    const english = await person('david', 'member', 'en');
    const author = await person('writer', 'leader', 'en');
    await startThread(hub, groupId, author.cookie, 'Budget 2027', 'The numbers are in.');
    // Act
    await runJob(hub.deps, 'digest');
    // Assess
    const [fr] = await mailWithSubject(hub, french.email, '[Housing WG] Résumé du jour');
    expect(fr!.text).toContain('Ce qui a été écrit dans votre groupe de travail depuis hier :');
    expect(fr!.text).toMatch(/Budget 2027 \(1 nouveau\)\nhttp[^\s]+\/fr\/members\/thread\/\?id=/);
    expect(fr!.text).toContain('writer person: The numbers are in.');
    expect(fr!.text).toContain('« résumé quotidien »');
    const [en] = await mailWithSubject(hub, english.email, '[Housing WG] Daily digest');
    expect(en!.text).toContain('What was written in your working group since yesterday:');
    expect(en!.text).toMatch(/Budget 2027 \(1 new\)\nhttp[^\s]+\/members\/thread\/\?id=/);
  });
});
