import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expertApplication } from '../../helpers/experts.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { browserHeaders, fromAddress, newClientAddress } from '../../helpers/session.ts';

/** The anonymous forms that mail the address typed in: a stranger's way to write in the partnership's name. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub.dispose());

const join = (body: Record<string, unknown>, client = newClientAddress()) =>
  hub.app.request('/api/experts', { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify(body) }, fromAddress(client));
const application = (email: string, name: string) => expertApplication({ email, name });

describe('the expert pool form, used to write to strangers', () => {
  it('refuses a name that carries a link, an address or markup, and mails nobody', async () => {
    for (const name of ['Claim your prize at https://evil.example', 'Visit www.evil.example now', 'Write to boss@evil.example', '<b>Urgent</b>', 'Line\r\nBcc: x']) {
      const email = uniqueEmail('victim');
      const answer = await join(application(email, name));
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'name' }] } });
      expect(await hub.inbox.to(email)).toHaveLength(0);
    }
  });

  it('still takes names as people write them', async () => {
    for (const name of ["Anne-Marie O'Neill", 'J. R. Ramírez', 'Ελένη Παπαδοπούλου']) expect((await join(application(uniqueEmail('expert'), name))).status).toBe(202);
  });

  it('limits one machine to ten applications an hour, whatever X-Forwarded-For says', async () => {
    const client = newClientAddress();
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const answer = await hub.app.request(
        '/api/experts',
        { method: 'POST', headers: { ...browserHeaders(hub), 'x-forwarded-for': `198.51.100.${i + 1}` }, body: JSON.stringify(application(uniqueEmail('victim'), 'Ana Silva')) },
        fromAddress(client),
      );
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
  });
});
