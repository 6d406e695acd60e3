import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../functions/api/app.ts';
import { createDeps } from '../../../functions/api/deps.ts';
import { createTestHub, testConfig, type TestHub } from '../../helpers/hub.ts';

/**
 * `GET /api/health` answers anyone. A stranger may learn whether the hub is up, and nothing else:
 * not the table's name, the SES endpoint or account, nor any error text.
 */
const WORD = (value: unknown) => value === 'ok' || value === 'down';
const allowed = (body: Record<string, unknown>) =>
  (body.status === 'ok' || body.status === 'degraded') &&
  Object.keys(body).sort().join() === 'dynamodb,ses,status' &&
  WORD(body.dynamodb) &&
  WORD(body.ses);

describe('the public health answer', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it.each([
    ['a missing table', { TABLE_NAME: 'hub-table-nobody-should-learn' }, 'hub-table-nobody-should-learn'],
    ['an SES that does not answer', { SES_ENDPOINT: 'http://127.0.0.1:9' }, '127.0.0.1:9'],
  ])('says only ok or down per engine with %s, and logs the reason in one line', async (_, overrides, internal) => {
    // Prepare
    const app = createApp(createDeps(testConfig({ TABLE_NAME: hub.config.TABLE_NAME, ...overrides })));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Act
    const response = await app.request('/api/health');
    const text = await response.text();
    // Assess
    expect(response.status).toBe(503);
    expect(allowed(JSON.parse(text) as Record<string, unknown>)).toBe(true);
    expect(text).not.toContain(internal);
    expect(logged).toHaveBeenCalledTimes(1);
    const line = String(logged.mock.calls[0]![0]);
    expect(JSON.parse(line)).toMatchObject({ level: 'error', what: 'health check failed' });
    expect(line).not.toMatch(/@[A-Za-z0-9-]+\./);
    logged.mockRestore();
  });

  it('answers ok with the same three words when both engines answer', async () => {
    // Act
    const response = await hub.app.request('/api/health');
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', dynamodb: 'ok', ses: 'ok' });
  });
});
