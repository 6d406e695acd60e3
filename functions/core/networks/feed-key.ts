import { hashSecret, newSecret, sameHash } from '../auth/secrets.ts';

/**
 * The key in a network's private feed URL: 256 random bits, URL-safe. Newsletter tools only know a
 * URL, so the key travels in its path; the secretariat can replace it, which revokes the old one.
 */
export const feedKeyPattern = /^[A-Za-z0-9_-]{43}$/;

export function newFeedKey(): string {
  return newSecret(32);
}

// Compared with when no key is stored, so a network without a feed costs the same comparison.
const NO_KEY = newFeedKey();

/** Whether a key someone presented is the stored one, in constant time (hashes of equal length). */
export function isFeedKey(presented: string, stored: string | undefined): boolean {
  const matches = sameHash(hashSecret(presented), hashSecret(stored ?? NO_KEY));
  return matches && stored !== undefined;
}

/** A network's feed URLs, absolute, for the secretariat to hand to the network. */
export function feedUrls(baseUrl: string, networkId: string, key: string) {
  const base = `${baseUrl}/api/feeds/networks/${networkId}/${key}`;
  return { rss: `${base}.rss`, json: `${base}.json` };
}
