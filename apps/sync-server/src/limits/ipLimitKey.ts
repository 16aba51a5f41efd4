import { isIP } from 'node:net';

/**
 * The key an address is counted under for `maxConnectionsPerIp`:
 * - IPv4 (also IPv4-mapped IPv6 such as `::ffff:10.0.0.1`): the address itself.
 * - IPv6: its /64 network (`2001:db8:1:2::/64`), because one host or home router usually owns
 *   a whole /64 and could otherwise open unlimited connections from fresh addresses.
 * Anything that is not an IP address (e.g. a Unix socket path) is returned unchanged.
 */
export function ipLimitKey(address: string): string {
  const bare = address.includes('%') ? address.slice(0, address.indexOf('%')) : address; // zone id
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped?.[1] !== undefined && isIP(mapped[1]) === 4) return mapped[1];
  const version = isIP(bare);
  if (version === 4) return bare;
  if (version !== 6) return address;
  const groups = ipv6Groups(bare.toLowerCase());
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 split). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = address.split('::');
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
