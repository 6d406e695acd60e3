import { createHash } from 'node:crypto';
import type { Session } from '../../core/auth/session.ts';
import { NotFoundError } from '../../core/errors.ts';
import { feedUrls, isFeedKey, newFeedKey } from '../../core/networks/feed-key.ts';
import { FEED_ITEMS, networkFeed, type FeedUpdate, type NetworkFeed } from '../../core/networks/feed.ts';
import type { Network } from '../../core/networks/network.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from './membership.ts';

async function networkOrNotFound(deps: Pick<Deps, 'networks'>, id: string): Promise<Network> {
  const network = await deps.networks.get(id);
  if (!network) throw new NotFoundError('network.none', { id });
  return network;
}

/** The network with its feed URLs (null until a key is issued), for the secretariat. */
export async function networkWithFeeds(deps: Pick<Deps, 'config' | 'networks'>, id: string) {
  const network = await networkOrNotFound(deps, id);
  const key = await deps.networks.feedKey(id);
  return { ...network, feeds: key ? { ...feedUrls(deps.config.BASE_URL, id, key.key), issuedAt: key.createdAt } : null };
}

/** A new feed key for the network; the previous one stops working in the same write. Audited. */
export async function rotateFeedKey(deps: Pick<Deps, 'audit' | 'config' | 'networks' | 'now'>, actor: Pick<Session, 'email'>, id: string) {
  await networkOrNotFound(deps, id);
  const previous = await deps.networks.feedKey(id);
  const createdAt = deps.now().toISOString();
  const key = newFeedKey();
  await deps.networks.replaceFeedKey(id, { key, createdAt });
  await recordAudit(deps, actor, { action: 'network.feed-key-rotated', subject: id, details: { network: id, revokedPrevious: String(previous !== undefined) } });
  return { ...feedUrls(deps.config.BASE_URL, id, key), issuedAt: createdAt };
}

/** One answer for an unknown network, a network without a feed and a wrong or revoked key. */
const noFeed = () => new NotFoundError('network.noFeed');

/** A network's feed, read with its key (the only credential: newsletter tools send no cookie). */
export async function feedOfNetwork(deps: Pick<Deps, 'config' | 'networks' | 'updates'>, networkId: string, key: string): Promise<NetworkFeed> {
  const [network, stored] = await Promise.all([deps.networks.get(networkId), deps.networks.feedKey(networkId)]);
  if (!isFeedKey(key, stored?.key) || !network) throw noFeed();
  const updates = await deps.updates.relayedThrough(networkId, FEED_ITEMS);
  const sent = updates.filter((u): u is typeof u & FeedUpdate => typeof u.sendingAt === 'string');
  return networkFeed(network, sent, deps.config.BASE_URL);
}

/** A strong validator of a feed's bytes, so a tool that asks again with If-None-Match gets a 304. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
