/**
 * The site's one client of the hub's API. `hub` is typed from the API's OpenAPI document
 * (`api-types.ts`, written by `npm run api-types`): a path, its parameters, its body and its answer
 * are checked by `tsc` and `astro check`. `answer` turns any call into one shape, so every page reads
 * a refusal the same way: the API's message, its field errors (`details`), `Retry-After`. Every call
 * names the page's language (`Accept-Language`), so the API refuses in it whatever the browser's.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './api-types.ts';
import { messagesOf, pathIn } from './messages.ts';

export type { paths };

/** Same origin, with the session cookie; the document's server is `/api`. */
export const hub = createClient<paths>({ baseUrl: '/api', credentials: 'same-origin', headers: { Accept: 'application/json' } });

/** The page's language, as a request names it for the API's refusals (`<html lang>`, English outside a page). */
export const pageLanguage = (): Record<string, string> =>
  typeof document !== 'undefined' && document.documentElement.lang ? { 'Accept-Language': document.documentElement.lang } : {};
hub.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(pageLanguage())) request.headers.set(name, value);
    return request;
  },
});

/** One field the API refused, as its `details` name it (`variants.0.subject`). */
export type FieldError = { path: string; message: string };

/** The API's refusal (or no answer at all: status 0, code `network`), read one way for every page. */
export type Refusal = {
  ok: false;
  status: number;
  /** The API's error code (`validation_failed`, `rate_limited`, …). */
  code: string;
  /** The API's message, followed by each field's; for a page that shows one line. */
  message: string;
  /** The API's message alone, for a form that shows each field's beside the field (`showFields`). */
  said: string;
  /** Field errors, for messages beside each field. */
  fields: FieldError[];
  /** Seconds to wait before asking again (429, 503). */
  retryAfterSeconds?: number;
};
export type Answer<T> = { ok: true; status: number; data: T; response: Response } | Refusal;

/**
 * The few words the client says itself (the hub unreachable, an answer without a message), in the
 * page's language when the page carries the `client.` keys in a `data-messages` (the members' and
 * console shell does), in English otherwise.
 */
const english: Record<string, string> = {
  'client.serverAnswered': 'The server answered {status}.',
  'client.unreachable': 'The hub could not be reached. Check your connection and try again.',
  'client.signedOut': 'You are not signed in.',
  'client.signIn': 'Sign in',
  'client.retryAfter': 'Try again in {minutes} minute(s).',
};
export function clientText(key: keyof typeof english & string, values: Record<string, string | number> = {}): string {
  if (typeof document !== 'undefined') {
    for (const root of Array.from(document.querySelectorAll<HTMLElement>('[data-messages]'))) {
      const text = messagesOf(root)(key, values);
      if (text !== key) return text;
    }
  }
  return english[key]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
}

const isFieldError = (d: unknown): d is FieldError =>
  typeof d === 'object' && d !== null && typeof (d as FieldError).path === 'string' && typeof (d as FieldError).message === 'string';

/** A refusal from the response and its body (already read, or read here). */
export async function refusalOf(response: Response, body?: unknown): Promise<Refusal> {
  const data = body === undefined ? await response.clone().json().catch(() => undefined) : body;
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const fields = Array.isArray(error?.details) ? error.details.filter(isFieldError) : [];
  const said = typeof error?.message === 'string' ? error.message : clientText('client.serverAnswered', { status: response.status });
  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : 'error',
    message: [said, ...fields.map((f) => `${f.path}: ${f.message}`)].join(' '),
    said,
    fields,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/** A refusal as one line: its message and, when the API said (429, 503), how long to wait. */
export function refusalLine(refusal: Pick<Refusal, 'message' | 'retryAfterSeconds'>): string {
  const { message } = refusal;
  if (!refusal.retryAfterSeconds) return message;
  return `${message} ${clientText('client.retryAfter', { minutes: Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60)) })}`;
}

/** The refusal of a call that got no answer at all. */
export const unreachable = (): Refusal => {
  const message = clientText('client.unreachable');
  return { ok: false, status: 0, code: 'network', message, said: message, fields: [] };
};

/**
 * Awaits a call of `hub` and answers one shape: `{ ok: true, data }` or a `Refusal`. A network
 * failure is a refusal too (status 0), never an exception.
 *
 *   const thread = await answer(hub.GET('/threads/{thread}', { params: { path: { thread: id } } }));
 *   if (!thread.ok) return say(status, thread.message, 'error');
 */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Answer<T>> {
  try {
    const { data, error, response } = await call;
    if (response.ok) return { ok: true, status: response.status, data: data as T, response };
    return await refusalOf(response, error);
  } catch {
    return unreachable();
  }
}

/** A schema of the document by name: `Schema<'Me'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON an operation answers on success (200 or 201), for an answer the document does not name: `Ok<'/groups/{group}/decisions', 'get'>`. */
export type Ok<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'delete' | 'patch'> = paths[P][M] extends { responses: infer Rs }
  ? Rs extends { 200: infer R } ? Json<R> : Rs extends { 201: infer R } ? Json<R> : never
  : never;
/** The JSON body an operation takes: `Body<'/agreements/{id}', 'patch'>`. */
export type Body<P extends keyof paths, M extends 'post' | 'put' | 'delete' | 'patch'> = paths[P][M] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The signed-in member, or a sign-in link in `status` and undefined. */
export async function whoAmI(status: HTMLElement | null): Promise<Schema<'Me'> | undefined> {
  const me = await answer(hub.GET('/me'));
  if (me.ok) return me.data;
  if (status) {
    status.className = 'error';
    status.replaceChildren(
      document.createTextNode(`${me.status === 401 ? clientText('client.signedOut') : me.message} `),
      Object.assign(document.createElement('a'), { href: `${pathIn('/members/signin/')}?next=${encodeURIComponent(location.pathname)}`, textContent: clientText('client.signIn') }),
    );
  }
  return undefined;
}
