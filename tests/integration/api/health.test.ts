import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../functions/api/app.ts';
import { createDeps } from '../../../functions/api/deps.ts';
import { createTestHub, testConfig, type TestHub } from '../../helpers/hub.ts';

describe('GET /api/health', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it('answers ok after really calling DynamoDB and SES', async () => {
    const response = await hub.app.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', dynamodb: 'ok', ses: 'ok' });
  });

  it('answers 503 saying only that DynamoDB is down when the table is missing; the reason goes to the log', async () => {
    // Prepare
    const app = createApp(createDeps(testConfig({ TABLE_NAME: 'no-such-table' })));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Act
    const response = await app.request('/api/health');
    // Assess
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', dynamodb: 'down', ses: 'ok' });
    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(logged.mock.calls[0]![0])) as { what: string; problems: Record<string, string> };
    expect(line.what).toBe('health check failed');
    expect(Object.keys(line.problems)).toEqual(['dynamodb']);
    logged.mockRestore();
  });

  it('answers 503 saying only that SES is down when SES does not answer', async () => {
    // Prepare
    const app = createApp(createDeps(testConfig({ TABLE_NAME: hub.config.TABLE_NAME, SES_ENDPOINT: 'http://127.0.0.1:9' })));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Act
    const response = await app.request('/api/health');
    // Assess
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', dynamodb: 'ok', ses: 'down' });
    expect(JSON.parse(String(logged.mock.calls[0]![0]))).toMatchObject({ what: 'health check failed', problems: { ses: expect.any(String) } });
    logged.mockRestore();
  });
});

describe('the API around its routes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it('answers unknown /api routes with 404 in the error envelope', async () => {
    const response = await hub.app.request('/api/no-such-thing', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No route for POST /api/no-such-thing.' },
    });
  });
});
