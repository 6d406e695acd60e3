import { partnershipStore } from '../adapters/dynamodb/partnership-store.ts';
import type { Table } from '../adapters/dynamodb/items.ts';
import { demoContacts, demoGroups, demoMembers, demoNetworks } from './demo-data.ts';

/**
 * Seeds the demo partnership. Every write is a conditional put, so a second run (or a run on
 * data a person already changed) writes nothing over what is stored.
 */
export async function seedDemo(table: Table): Promise<{ written: number; kept: number }> {
  const store = partnershipStore(table);
  const { members, memberships } = demoMembers();
  const writes: (() => Promise<boolean>)[] = [
    ...demoGroups().map((g) => () => store.addGroup(g)),
    ...members.map((m) => () => store.addMember(m)),
    ...memberships.map((m) => () => store.addMembership(m)),
    ...demoNetworks.map((n) => () => store.addNetwork(n)),
    ...demoContacts().map((c) => () => store.addContact(c)),
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
