/**
 * The privacy pages' calls to the API. Unlike `postJson`, the page needs the status itself: a 404 on a
 * confirmation link means "used or expired", a 429 carries Retry-After, a 400 names the fields.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export type PrivacyAnswer =
  | { status: number; ok: true; body: unknown }
  | { status: number; ok: false; message?: string; fields: FieldProblem[]; retryAfterSeconds?: number };

export async function postPrivacy(path: string, body: unknown): Promise<PrivacyAnswer> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { status: 0, ok: false, fields: [] };
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { status: response.status, ok: true, body: data };
  const error = (data as { error?: { message?: unknown; details?: unknown } } | undefined)?.error;
  const fields = Array.isArray(error?.details)
    ? (error.details as unknown[]).filter((d): d is FieldProblem => typeof d === 'object' && d !== null && typeof (d as FieldProblem).path === 'string')
    : [];
  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    status: response.status,
    ok: false,
    ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    fields,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}
