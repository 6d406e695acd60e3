import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, callers, rows, send, type World } from '../../helpers/route-table.ts';

/** The rows live in tests/helpers/route-table.ts: add one there for each new route. */
describe('authorization matrix', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(() => world.hub.dispose());

  for (const row of rows) {
    describe(row.route, () => {
      callers.forEach((caller, index) => {
        it(`answers ${row.expected[index]} to ${caller}`, async () => {
          // Prepare
          const request = await row.request(world);
          // Act
          const answer = await send(world, request, caller);
          // Assess
          expect(answer.status, await answer.clone().text()).toBe(row.expected[index]);
        });
      });
    });
  }
});
