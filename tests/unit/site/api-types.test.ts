import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypes, apiTypesFile } from '../../../functions/local/api-types.ts';

describe("the site client's API types", () => {
  it('are those of the OpenAPI document the API serves now (run `npm run api-types` after changing a route)', async () => {
    expect(readFileSync(apiTypesFile, 'utf8')).toBe(await apiTypes());
  });
});
