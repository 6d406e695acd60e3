/**
 * Helpers for the pages a link in an email opens: the secret travels in the URL fragment (never
 * sent to a server or logged), and the page's button POSTs it. Nothing changes on load.
 */
/** The secret of the link that opened the page, from its fragment. */
export function tokenFromHash(): string {
  return decodeURIComponent(location.hash.replace(/^#/, ''));
}

export { say } from './status.ts';
