import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkStore } from '../../../functions/adapters/dynamodb/network-store.ts';
import { partnershipStore } from '../../../functions/adapters/dynamodb/partnership-store.ts';
import { feedKeyPattern } from '../../../functions/core/networks/feed-key.ts';
import { demoContacts, demoGroups, demoMembers, demoNetworks } from '../../../functions/local/demo-data.ts';
import { seedDemo } from '../../../functions/local/seed.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';

describe('partnership store on DynamoDB Local', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it('writes a group and a membership and reads them back by both access patterns', async () => {
    // Prepare
    const store = partnershipStore(hub.table);
    const group = demoGroups()[0]!;
    // Act
    await store.addGroup(group);
    await store.addMembership({ groupId: group.id, email: 'leader1@example.org', role: 'leader', since: group.createdAt });
    // Assess
    expect(await store.getGroup(group.id)).toEqual({ ...group, type: 'group' });
    expect(await store.groupsOf('leader1@example.org')).toEqual([
      expect.objectContaining({ groupId: group.id, role: 'leader' }),
    ]);
    expect(await store.membersOf(group.id)).toHaveLength(1);
  });

  it('never overwrites an item that exists', async () => {
    const store = partnershipStore(hub.table);
    const network = demoNetworks[0]!;
    expect(await store.addNetwork(network)).toBe(true);
    expect(await store.addNetwork({ ...network, name: 'Renamed' })).toBe(false);
    expect((await store.listNetworks()).find((n) => n.id === network.id)?.name).toBe(network.name);
  });
});

describe('seedDemo', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it('seeds the demo partnership once and writes nothing on a second run', async () => {
    // Each network and its feed key.
    const expected = demoGroups().length + demoMembers().members.length + demoMembers().memberships.length + 2 * demoNetworks.length + demoContacts().length;
    const first = await seedDemo(hub.table);
    const keys = await Promise.all(demoNetworks.map((n) => networkStore(hub.table).feedKey(n.id)));
    const second = await seedDemo(hub.table);
    expect(first).toEqual({ written: expected, kept: 0 });
    expect(second).toEqual({ written: 0, kept: expected });
    const store = partnershipStore(hub.table);
    expect(await store.listGroups()).toHaveLength(8);
    expect((await store.getMember('secretariat@example.org'))?.secretariat).toBe(true);
    const ngos = await store.contactsOfAudience('ngo');
    expect(ngos.length).toBeGreaterThan(30);
    expect(new Set(ngos.map((c) => c.country)).size).toBeGreaterThan(3);
    // Every network has a working feed key of its own, kept by the second run.
    expect(keys.every((k) => k && feedKeyPattern.test(k.key))).toBe(true);
    expect(new Set(keys.map((k) => k!.key)).size).toBe(demoNetworks.length);
    expect(await Promise.all(demoNetworks.map((n) => networkStore(hub.table).feedKey(n.id)))).toEqual(keys);
  });
});
