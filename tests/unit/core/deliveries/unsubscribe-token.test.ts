import { describe, expect, it } from 'vitest';
import { parseUnsubscribeCounterName, parseUnsubscribeToken, unsubscribeCounterName, unsubscribeToken } from '../../../../functions/core/deliveries/delivery.ts';

const delivery = { mailToken: 'Abc_def-GHIjklMNOpqrSTUvwxYZ0123', updateId: 'u-1a2b3c4d5e6f', recipientKey: 'a'.repeat(32) };

describe('the unsubscribe token of an update email', () => {
  it('carries the mail token and the delivery it came from, and reads back', () => {
    const token = unsubscribeToken(delivery);
    expect(token).toBe(`${delivery.mailToken}.u-1a2b3c4d5e6f.${'a'.repeat(32)}`);
    expect(parseUnsubscribeToken(token)).toEqual({ mailToken: delivery.mailToken, delivery: { updateId: delivery.updateId, recipientKey: delivery.recipientKey } });
  });

  it('reads a bare mail token (the preferences page, older emails) as an unsubscribe counted nowhere', () => {
    expect(parseUnsubscribeToken(delivery.mailToken)).toEqual({ mailToken: delivery.mailToken });
  });

  it('keeps the mail token but drops a delivery tag that does not parse', () => {
    expect(parseUnsubscribeToken(`${delivery.mailToken}.u-1a2b.not-hex`)).toEqual({ mailToken: delivery.mailToken });
    expect(parseUnsubscribeToken(`${delivery.mailToken}.`)).toEqual({ mailToken: delivery.mailToken });
  });
});

describe('the unsubscribe counter', () => {
  it('names route, audience and country, and reads back with the network', () => {
    const name = unsubscribeCounterName({ route: 'relay:ecre', audience: 'ngo', country: 'GR' });
    expect(name).toBe('u|relay:ecre|ngo|GR');
    expect(parseUnsubscribeCounterName(name)).toEqual({ route: 'relay:ecre', network: 'ecre', audience: 'ngo', country: 'GR' });
  });

  it('ignores the delivery counters and anything else in the report item', () => {
    expect(parseUnsubscribeCounterName('n|sent|direct|ngo|GR')).toBeUndefined();
    expect(parseUnsubscribeCounterName('relayed|relay:ecre')).toBeUndefined();
    expect(parseUnsubscribeCounterName('pk')).toBeUndefined();
  });
});
