/**
 * Log lines without personal data. Logs are kept a month and read by whoever operates the hub, so
 * no line may carry an address, a name or a secret (a link token, a code). Structured fields are
 * chosen so they never hold one; free text that comes from elsewhere (an error's message and stack,
 * a request path) goes through `scrub` first, since an SES rejection quotes the recipient and a path
 * such as `/api/unsubscribe/{token}` holds one.
 */

/** An address, with the display name in front of it when it has one (`Jane Doe <jane@…>`). */
const NAMED_ADDRESS = /(?:"[^"\n]*"\s*|[^\s<>,:;"'()[\]][^<>,:;"\n]*?\s*)?<[^<>\s@]+@[^<>\s]+>/g;
// No `/` in the local part here, so a path keeps its segments before the address.
const ADDRESS = /[A-Za-z0-9.!#$%&'*+=?^_`{|}~-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/g;
/** Link tokens are 32 random bytes in base64url (43 characters), sometimes followed by a delivery tag. */
const SECRET = /[A-Za-z0-9_-]{32,}(?:\.[A-Za-z0-9_.-]+)?/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The text with every address (and the name before it) and every token-like run replaced. */
export function scrub(text: string): string {
  return text
    .replace(NAMED_ADDRESS, '[address]')
    .replace(ADDRESS, '[address]')
    .replace(SECRET, (run) => (UUID.test(run) ? run : '[secret]'));
}

/**
 * What an error was, fit for a log line: its name and scrubbed message, and the scrubbed stack
 * (whose first line repeats the message) for errors worth a stack.
 */
export function describeError(error: unknown, options: { stack?: boolean } = {}): { error: string; stack?: string } {
  if (!(error instanceof Error)) return { error: scrub(String(error)) };
  const described = { error: scrub(`${error.name}: ${error.message}`) };
  return options.stack && error.stack ? { ...described, stack: scrub(error.stack) } : described;
}

type Field = string | number | boolean | null | undefined | readonly (string | number)[] | Record<string, unknown>;

/**
 * One JSON line on the console (CloudWatch on AWS). `fields` are the caller's own structured
 * values (ids, counts, hashes), never addresses or secrets; text from outside goes through `scrub`.
 */
export function logLine(level: 'info' | 'warn' | 'error', what: string, fields: Record<string, Field> = {}): void {
  const line = JSON.stringify({ level, what, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
