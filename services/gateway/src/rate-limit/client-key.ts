import { isIPv6 } from 'node:net';

/** An IPv6 address written out as its eight 16-bit groups. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const toGroups = (part: string): string[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [group];
          // an embedded IPv4 address (e.g. 64:ff9b::192.0.2.1) is two groups
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const first = toGroups(head);
  const last = tail === undefined ? [] : toGroups(tail);
  const zeros = Array.from({ length: Math.max(0, 8 - first.length - last.length) }, () => '0');
  return [...first, ...zeros, ...last].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * The rate-limit key of a client address: IPv4 as it is (also when IPv4-mapped), IPv6 by its /64
 * network, as one subscriber usually holds a whole /64 and could otherwise rotate addresses freely.
 */
export function clientKey(ip: string): string {
  const address = ip.split('%')[0] ?? ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}
