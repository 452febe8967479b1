import { bucketsFor } from './rate-limit.service';
import { clientKey } from './client-key';

describe('clientKey', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
  });
});

describe('bucketsFor', () => {
  it('counts every API request globally, auth and booking on top', () => {
    expect(bucketsFor('GET', '/api/v1/locations?x=1')).toEqual(['global']);
    expect(bucketsFor('POST', '/api/v1/auth/login')).toEqual(['global', 'auth']);
    expect(bucketsFor('GET', '/api/v1/auth')).toEqual(['global', 'auth']);
    expect(bucketsFor('POST', '/api/v1/appointments')).toEqual(['global', 'booking']);
    expect(bucketsFor('POST', '/api/v1/appointments/')).toEqual(['global', 'booking']);
    expect(bucketsFor('GET', '/api/v1/appointments')).toEqual(['global']);
    expect(bucketsFor('POST', '/api/v1/appointments/1/confirm')).toEqual(['global']);
    expect(bucketsFor('GET', '/api/docs')).toEqual(['global']);
  });

  it('leaves static files and probes alone', () => {
    expect(bucketsFor('GET', '/')).toEqual([]);
    expect(bucketsFor('GET', '/assets/index-abc.js')).toEqual([]);
    expect(bucketsFor('GET', '/health/ready')).toEqual([]);
    expect(bucketsFor('GET', '/metrics')).toEqual([]);
    expect(bucketsFor('GET', '/apix')).toEqual([]);
    expect(bucketsFor('GET', '/api/v1/authority')).toEqual(['global']);
  });
});
