import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientKey, viewerAddressOf } from '../../../../functions/core/auth/client.ts';

describe('the key a client is counted under', () => {
  it('keeps an IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = '2001:db8:0:1::/64';
    expect(clientKey('2001:db8:0:1::1')).toBe(key);
    expect(clientKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientKey('[2001:DB8:0:1:0:0:0:2]')).toBe(key);
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('2001:db8:0:2::1')).not.toBe(key);
  });

  it('gives every address inside one /64 the same key', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 3 }), (tail) => {
        expect(clientKey(`2001:db8:abcd:12::${tail.map((g) => g.toString(16)).join(':')}`)).toBe('2001:db8:abcd:12::/64');
      }),
    );
  });

  it('counts anything that is not an address as one shared client', () => {
    for (const junk of [undefined, '', 'direct', '203.0.113.7, 10.0.0.1', '999.1.1.1', 'localhost']) expect(clientKey(junk)).toBe('unknown');
  });

  it('reads the viewer address of CloudFront-Viewer-Address (ip:port, IPv6 without brackets)', () => {
    expect(viewerAddressOf('198.51.100.10:46532')).toBe('198.51.100.10');
    expect(viewerAddressOf('2001:db8::1:443')).toBe('2001:db8::1');
    expect(viewerAddressOf(undefined)).toBeUndefined();
    expect(viewerAddressOf('garbage')).toBeUndefined();
  });
});
