import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../functions/adapters/config.ts';

const valid = {
  TABLE_NAME: 'partnership-hub',
  SENDER: 'updates@example.org',
  BASE_URL: 'https://hub.example.org/',
  AWS_REGION: 'eu-west-1',
};

describe('loadConfig', () => {
  it('reads a valid environment and fills the defaults', () => {
    const config = loadConfig(valid);
    expect(config.BASE_URL).toBe('https://hub.example.org');
    expect(config.PORT).toBe(8080);
    expect(config.DYNAMODB_ENDPOINT).toBeUndefined();
  });

  it('names a missing variable and what it expects', () => {
    const { SENDER: _missing, ...env } = valid;
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { variable: 'SENDER', expected: expect.stringMatching(/^missing; expects the sender address/) },
      ]);
    }
  });

  it('names each malformed variable with the value it got', () => {
    const attempt = () => loadConfig({ ...valid, PORT: 'eighty', DYNAMODB_ENDPOINT: 'localhost:8000' });
    expect(attempt).toThrowError(/PORT: expects a port number \(got "eighty"\)/);
    expect(attempt).toThrowError(/DYNAMODB_ENDPOINT: expects an absolute http\(s\) URL/);
  });

  it('refuses a port outside the valid range', () => {
    expect(() => loadConfig({ ...valid, INBOX_PORT: '70000' })).toThrowError(/INBOX_PORT: expects a port from 1 to 65535/);
  });
});
