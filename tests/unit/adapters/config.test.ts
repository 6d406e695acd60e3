import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, retentionOf } from '../../../functions/adapters/config.ts';
import { defaultRetention, expiresAfter } from '../../../functions/core/privacy/retention.ts';

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

  it('names a malformed origin secret by its length, never its value', () => {
    const attempt = () => loadConfig({ ...valid, ORIGIN_VERIFY: 'short-secret-value' });
    expect(attempt).toThrowError(/ORIGIN_VERIFY: expects the generated origin secret \(32 characters or more\) \(got 18 characters\)/);
    expect(attempt).not.toThrowError(/short-secret-value/);
  });

  it("reads the send workers and the local SES account's limits, -1 meaning no 24-hour quota", () => {
    const defaults = loadConfig(valid);
    expect(defaults).toMatchObject({ SEND_WORKERS: 1, SES_LOCAL_MAX_24H_SEND: 50_000 });
    expect(defaults.SES_LOCAL_MAX_SEND_RATE).toBeUndefined();
    expect(loadConfig({ ...valid, SEND_WORKERS: '40', SES_LOCAL_MAX_SEND_RATE: '1', SES_LOCAL_MAX_24H_SEND: '-1' })).toMatchObject({ SEND_WORKERS: 40, SES_LOCAL_MAX_SEND_RATE: 1, SES_LOCAL_MAX_24H_SEND: -1 });
    expect(() => loadConfig({ ...valid, SES_LOCAL_MAX_24H_SEND: '-5' })).toThrowError(/SES_LOCAL_MAX_24H_SEND: expects a number of emails per 24 hours, or -1/);
    expect(() => loadConfig({ ...valid, SEND_WORKERS: '0' })).toThrowError(/SEND_WORKERS: expects at least one send worker/);
  });

  it('reads how many sign-ins one client address may ask for, 30 unless raised, and refuses none', () => {
    expect(loadConfig(valid).SIGN_IN_PER_CLIENT).toBe(30);
    expect(loadConfig({ ...valid, SIGN_IN_PER_CLIENT: '200' }).SIGN_IN_PER_CLIENT).toBe(200);
    expect(() => loadConfig({ ...valid, SIGN_IN_PER_CLIENT: '0' })).toThrowError(/SIGN_IN_PER_CLIENT: expects at least 1/);
  });

  it('refuses a port outside the valid range', () => {
    expect(() => loadConfig({ ...valid, INBOX_PORT: '70000' })).toThrowError(/INBOX_PORT: expects a port from 1 to 65535/);
  });
});

describe('retention periods', () => {
  const variables = {
    RETENTION_SIGN_IN_MINUTES: 'signInMinutes',
    RETENTION_SESSION_DAYS: 'sessionDays',
    RETENTION_DELIVERY_DAYS: 'deliveryDays',
    RETENTION_AUDIT_DAYS: 'auditDays',
    RETENTION_PRIVACY_REQUEST_DAYS: 'privacyRequestDays',
    RETENTION_PRIVACY_LINK_HOURS: 'privacyLinkHours',
  } as const;

  it('default to the documented periods when unset', () => {
    expect(retentionOf(loadConfig(valid))).toEqual(defaultRetention);
    expect(defaultRetention).toEqual({ signInMinutes: 15, sessionDays: 30, deliveryDays: 395, auditDays: 1825, privacyRequestDays: 1095, privacyLinkHours: 24 });
  });

  it('read each variable as a number, fractions included', () => {
    const env = { ...valid, RETENTION_SIGN_IN_MINUTES: '10', RETENTION_SESSION_DAYS: '7', RETENTION_DELIVERY_DAYS: '90', RETENTION_AUDIT_DAYS: '730', RETENTION_PRIVACY_REQUEST_DAYS: '1000', RETENTION_PRIVACY_LINK_HOURS: '0.5' };
    expect(retentionOf(loadConfig(env))).toEqual({ signInMinutes: 10, sessionDays: 7, deliveryDays: 90, auditDays: 730, privacyRequestDays: 1000, privacyLinkHours: 0.5 });
  });

  it.each(Object.keys(variables))('refuses a malformed %s, naming it and the value it got', (variable) => {
    for (const bad of ['forever', '0', '-3']) {
      expect(() => loadConfig({ ...valid, [variable]: bad })).toThrowError(ConfigError);
      try {
        loadConfig({ ...valid, [variable]: bad });
      } catch (error) {
        expect((error as ConfigError).problems).toEqual([{ variable, expected: expect.stringMatching(new RegExp(`^expects a (positive )?number of (minutes|days|hours) \\(got "${bad}"\\)$`)) }]);
      }
    }
  });

  it('names every malformed period at once', () => {
    const attempt = () => loadConfig({ ...valid, RETENTION_SESSION_DAYS: 'a month', RETENTION_AUDIT_DAYS: '-1' });
    expect(attempt).toThrowError(/RETENTION_SESSION_DAYS: expects a number of days \(got "a month"\)/);
    expect(attempt).toThrowError(/RETENTION_AUDIT_DAYS: expects a positive number of days \(got "-1"\)/);
  });
});

describe('expiresAfter', () => {
  const now = new Date('2027-03-01T10:00:00.900Z');

  it('answers epoch seconds: the instant, rounded down to its second, plus the period', () => {
    expect(expiresAfter(now, 15, 'minutes')).toBe(Date.parse('2027-03-01T10:15:00Z') / 1000);
    expect(expiresAfter(now, 24, 'hours')).toBe(Date.parse('2027-03-02T10:00:00Z') / 1000);
    expect(expiresAfter(now, 30, 'days')).toBe(Date.parse('2027-03-31T10:00:00Z') / 1000);
  });

  it('takes fractions of a unit to the nearest second', () => {
    expect(expiresAfter(now, 0.5, 'hours')).toBe(Date.parse('2027-03-01T10:30:00Z') / 1000);
    expect(expiresAfter(now, 1 / 3, 'minutes')).toBe(Date.parse('2027-03-01T10:00:20Z') / 1000);
  });
});
