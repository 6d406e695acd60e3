import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, fromAddress, newClientAddress, signIn } from '../../helpers/session.ts';

type Envelope = { error: { code: string; message: string; details?: { path: string; message: string }[] } };

describe("the API's refusals in the language the request accepts", () => {
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await createTestHub();
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  const send = (path: string, body: string, language?: string, client = newClientAddress(), who?: string) =>
    hub.app.request(path, { method: 'POST', headers: { ...browserHeaders(hub, who), ...(language ? { 'accept-language': language } : {}) }, body }, fromAddress(client));

  it('writes a domain refusal and its field errors in French for a French reader, in English otherwise, the code the same', async () => {
    // Prepare
    const id = await createUpdate(hub, cookie, { title: 'Housing', subject: 'Housing news', body: 'Text', targets: { audiences: ['ngo'] }, routes: { direct: true } });
    const path = `/api/admin/updates/${id}/schedule`;
    const past = JSON.stringify({ at: '2001-01-01T00:00:00Z' });
    // Act
    const french = await send(path, past, 'fr-FR,fr;q=0.9,en;q=0.5', undefined, cookie);
    const english = await send(path, past, undefined, undefined, cookie);
    const german = await send(path, past, 'de', undefined, cookie);
    // Assess
    expect(french.status).toBe(422);
    expect(await french.json()).toEqual({
      error: { code: 'rule_violated', message: 'Programmez un moment dans le futur, ou envoyez maintenant.', details: [{ path: 'at', message: 'doit être dans le futur' }] },
    });
    expect(english.status).toBe(422);
    expect(await english.json()).toEqual({ error: { code: 'rule_violated', message: 'Schedule a time in the future, or send now.', details: [{ path: 'at', message: 'must be in the future' }] } });
    expect(((await german.json()) as Envelope).error.message).toBe('Schedule a time in the future, or send now.');
    // Nothing was scheduled by the refused requests.
    expect((await hub.deps.updates.getUpdate(id))?.status).toBe('draft');
  });

  it("names the state a refusal embeds in the reader's words, the details keeping its code", async () => {
    // Prepare: a scheduled update, which can no longer be edited.
    const content = { title: 'Housing', subject: 'Housing news', body: 'Text', targets: { audiences: ['ngo'] }, routes: { direct: true } };
    const id = await createUpdate(hub, cookie, content);
    expect((await send(`/api/admin/updates/${id}/schedule`, JSON.stringify({ at: new Date(Date.now() + 86_400_000).toISOString() }), undefined, undefined, cookie)).status).toBe(200);
    const edit = (language?: string) => hub.app.request(`/api/admin/updates/${id}`, { method: 'PUT', headers: { ...browserHeaders(hub, cookie), ...(language ? { 'accept-language': language } : {}) }, body: JSON.stringify(content) });
    // Act
    const french = await edit('fr');
    const english = await edit();
    // Assess
    expect(french.status).toBe(409);
    expect(await french.json()).toEqual({ error: { code: 'conflict', message: 'Seul un brouillon peut être modifié. Son état : programmée.', details: { status: 'scheduled', move: 'edit' } } });
    expect(await english.json()).toEqual({ error: { code: 'conflict', message: 'Only a draft can be edited. It is scheduled.', details: { status: 'scheduled', move: 'edit' } } });
    expect((await hub.deps.updates.getUpdate(id))?.status).toBe('scheduled');
  });

  it('says a rate limit in French with Retry-After, and in English without Accept-Language', async () => {
    // Prepare: five sign-in requests an address may make; the sixth is refused.
    const ask = async (language?: string) => {
      const email = uniqueEmail('eager');
      const client = newClientAddress();
      for (let i = 0; i < 5; i++) expect((await send('/api/auth/login', JSON.stringify({ email }), language, client)).status).toBe(202);
      return send('/api/auth/login', JSON.stringify({ email }), language, client);
    };
    // Act
    const french = await ask('fr');
    const english = await ask();
    // Assess
    expect(french.status).toBe(429);
    expect(Number(french.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await french.json()).toMatchObject({ error: { code: 'rate_limited', message: 'Trop de demandes de connexion. Attendez quelques minutes, puis demandez à nouveau.' } });
    expect(english.status).toBe(429);
    expect(await english.json()).toMatchObject({ error: { code: 'rate_limited', message: 'Too many sign-in requests. Wait a few minutes, then ask again.' } });
  });

  it("writes a validation failure's fields in French: the schema's own words and zod's, naming the type refused", async () => {
    // Act
    const french = await send('/api/auth/login', JSON.stringify({ email: 'not-an-address' }), 'en;q=0.1, fr;q=0.9');
    const english = await send('/api/auth/login', JSON.stringify({ email: 'not-an-address' }));
    const wrongType = await send('/api/privacy/requests', JSON.stringify({ email: 42, kind: 'export' }), 'fr');
    const notJson = await send('/api/auth/login', '{ email', 'fr');
    // Assess
    expect(french.status).toBe(400);
    expect(await french.json()).toEqual({
      error: { code: 'validation_failed', message: 'La demande n’est pas valide : voyez le détail de chaque champ.', details: [{ path: 'email', message: 'attend une adresse électronique, par exemple nom@example.org' }] },
    });
    expect(await english.json()).toEqual({
      error: { code: 'validation_failed', message: 'The request is not valid: see details for each field.', details: [{ path: 'email', message: 'expects an email address, e.g. name@example.org' }] },
    });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as Envelope).error.details).toEqual([{ path: 'email', message: 'Entrée invalide : chaîne de caractères attendu, nombre reçu' }]);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { code: 'bad_request', message: 'La demande n’a pas pu être lue. Envoyez-la à nouveau depuis le formulaire.' } });
  });

  it('answers a route the API does not have, and a member-only page, in French too', async () => {
    const none = await hub.app.request('/api/nothing-here', { headers: { 'accept-language': 'fr' } });
    const members = await hub.app.request('/api/me', { headers: { 'accept-language': 'fr' } });
    expect(await none.json()).toEqual({ error: { code: 'not_found', message: 'Aucune route pour GET /api/nothing-here.' } });
    expect(members.status).toBe(401);
    expect(await members.json()).toEqual({ error: { code: 'unauthenticated', message: 'Connectez-vous d’abord : cette page est réservée aux membres du partenariat.' } });
  });
});
