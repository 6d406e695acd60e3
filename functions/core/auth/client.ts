import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key per-client limits count under, from the address the edge saw. An IPv4 address counts
 * as itself. An IPv6 address counts by its /64 prefix: one subscriber line holds a whole /64, so
 * counting single addresses would give one machine 2^64 fresh budgets. An address the edge did
 * not give (a test calling the app directly) counts as one shared client, `unknown`.
 */
export function clientKey(address: string | undefined): string {
  const bare = (address ?? '').trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(bare)) return bare;
  if (isIPv6(bare)) return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/** The eight groups of an IPv6 address, without leading zeros ("::" expanded, a dotted tail as two). */
function ipv6Groups(address: string): string[] {
  const split = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head = '', tail] = address.split('::');
  const left = split(head);
  const right = tail === undefined ? [] : split(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * The viewer's address in CloudFront's `CloudFront-Viewer-Address` header: `ip:port`, IPv6 without
 * brackets (`2001:db8::1:443`), so the port is what follows the last colon.
 */
export function viewerAddressOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const cut = header.lastIndexOf(':');
  return cut > 0 ? header.slice(0, cut) : undefined;
}
