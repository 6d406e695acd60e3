import { ledgerStore } from '../adapters/dynamodb/ledger-store.ts';
import { networkStore } from '../adapters/dynamodb/network-store.ts';
import { partnershipStore } from '../adapters/dynamodb/partnership-store.ts';
import type { Table } from '../adapters/dynamodb/items.ts';
import type { Contact } from '../core/contacts/contact.ts';
import { BY_AMAZON_SES, BY_THE_PERSON, BY_THE_SECRETARIAT, sourceOf } from '../core/privacy/ledger.ts';
import { newFeedKey } from '../core/networks/feed-key.ts';
import { demoContacts, demoGroups, demoMembers, demoNetworks } from './demo-data.ts';

/**
 * Seeds the demo partnership, each network with a feed key. Every write is a conditional put, so a second run (or a run on
 * data a person already changed) writes nothing over what is stored.
 */
export async function seedDemo(table: Table): Promise<{ written: number; kept: number }> {
  const store = partnershipStore(table);
  const ledger = ledgerStore(table);
  const networks = networkStore(table);
  /** A demo contact's history goes into the consent ledger only when the contact itself is new. */
  const addContact = async (c: Contact) => {
    if (!(await store.addContact(c))) return false;
    if (c.consent) await ledger.record(c.email, { kind: 'consent', channel: 'updates', ...c.consent, recordedBy: BY_THE_SECRETARIAT });
    if (c.status === 'unsubscribed' || c.status === 'bounced') {
      await ledger.record(c.email, { kind: 'withdrawal', channel: c.status === 'bounced' ? 'all' : 'updates', reason: c.status, ...sourceOf(c.status === 'bounced' ? 'ses-bounce' : 'unsubscribe-link'), at: c.updatedAt, recordedBy: c.status === 'bounced' ? BY_AMAZON_SES : BY_THE_PERSON });
    }
    return true;
  };
  const { members, memberships } = demoMembers();
  const writes: (() => Promise<boolean>)[] = [
    ...demoGroups().map((g) => () => store.addGroup(g)),
    ...members.map((m) => () => store.addMember(m)),
    ...memberships.map((m) => () => store.addMembership(m)),
    ...demoNetworks.map((n) => () => store.addNetwork(n)),
    // Each network's feed works from the start (the console shows its URLs); a key already given stays.
    ...demoNetworks.map((n) => () => networks.addFeedKey(n.id, { key: newFeedKey(), createdAt: new Date().toISOString() })),
    ...demoContacts().map((c) => () => addContact(c)),
  ];
  let written = 0;
  let index = 0;
  // A handful of writers in parallel: fast on DynamoDB Local, gentle on a 2-core machine.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (index < writes.length) {
        const write = writes[index++]!;
        if (await write()) written++;
      }
    }),
  );
  return { written, kept: writes.length - written };
}
