import { describe, expect, it } from 'vitest';
import { answer, refusalLine } from '../../../site/src/lib/api.ts';

const refused = (status: number, error: unknown, headers: Record<string, string> = {}) =>
  Promise.resolve({ error, response: new Response(JSON.stringify(error), { status, headers: { 'Content-Type': 'application/json', ...headers } }) });

describe("the site's client reads every answer one way", () => {
  it('gives the data of a success', async () => {
    const ok = await answer(Promise.resolve({ data: { id: 'a' }, response: new Response('{"id":"a"}', { status: 201 }) }));
    expect(ok).toMatchObject({ ok: true, status: 201, data: { id: 'a' } });
  });

  it("reads a refusal's code, message and fields, and says each field in the one line", async () => {
    const bad = await answer(refused(400, { error: { code: 'validation_failed', message: 'Invalid input.', details: [{ path: 'links.0', message: 'Not a URL' }, { nonsense: true }] } }));
    expect(bad).toEqual({ ok: false, status: 400, code: 'validation_failed', message: 'Invalid input. links.0: Not a URL', said: 'Invalid input.', fields: [{ path: 'links.0', message: 'Not a URL' }] });
    expect(refusalLine(bad as Extract<typeof bad, { ok: false }>)).toBe('Invalid input. links.0: Not a URL');
    // A form that shows the fields beside them says the API's message alone above.
    expect(refusalLine({ message: (bad as Extract<typeof bad, { ok: false }>).said })).toBe('Invalid input.');
  });

  it('says when to try again after a 429, in whole minutes', async () => {
    const busy = await answer(refused(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'Retry-After': '90' }));
    if (busy.ok) throw new Error('expected a refusal');
    expect(busy.retryAfterSeconds).toBe(90);
    expect(refusalLine(busy)).toBe('Too many requests. Try again in 2 minute(s).');
    expect(refusalLine({ ...busy, message: busy.said })).toBe('Too many requests. Try again in 2 minute(s).');
  });

  it('answers a refusal without a message, and no answer at all, in its own words', async () => {
    const bare = await answer(Promise.resolve({ error: undefined, response: new Response('oops', { status: 502 }) }));
    expect(bare).toMatchObject({ ok: false, status: 502, code: 'error', message: 'The server answered 502.' });
    const none = await answer(Promise.reject(new TypeError('Failed to fetch')));
    expect(none).toMatchObject({ ok: false, status: 0, code: 'network', message: 'The hub could not be reached. Check your connection and try again.' });
  });
});
