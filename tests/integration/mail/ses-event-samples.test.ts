import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { recordSesNotifications } from '../../../functions/api/services/sending.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';

const samples = path.resolve(import.meta.dirname, '../../../functions/local/ses-event-samples');

describe('the sample SES EventBridge events of npm run ses-events', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it('go through the handler code: the permanent bounce and the complaint suppress, the delivery and the transient bounce do not', async () => {
    // Prepare
    const files = readdirSync(samples).filter((f) => f.endsWith('.json')).sort();
    // Act
    const results = [];
    for (const file of files) results.push(await recordSesNotifications(hub.deps, JSON.parse(readFileSync(path.join(samples, file), 'utf8'))));
    // Assess
    expect(files).toEqual(['1-delivery.json', '2-permanent-bounce.json', '3-transient-bounce.json', '4-complaint.json']);
    expect(results.map((r) => r.suppressed)).toEqual([0, 1, 0, 1]);
    const suppressed = await hub.deps.contactBook.suppressions.all();
    expect(suppressed.has(suppressionKeyOf('contact002@national-authority.example.net'))).toBe(true);
    expect(suppressed.has(suppressionKeyOf('contact003@eu-institution.example.net'))).toBe(true);
    expect(suppressed.has(suppressionKeyOf('contact004@city-network.example.net'))).toBe(false);
    expect(suppressed.has(suppressionKeyOf('contact001@local-authority.example.net'))).toBe(false);
  });
});
