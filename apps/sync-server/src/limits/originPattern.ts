/**
 * One entry of `allowedOrigins`:
 * - `*`: any origin.
 * - `https://docs.example.com`: exactly that origin (scheme, host and port; default ports may be
 *   written or left out).
 * - `https://*.example.com`: any subdomain, at any depth, of example.com, but not example.com itself.
 * - `http://localhost:*`: any port (including the default one).
 * Origins have no path, so a trailing `/` is an error rather than silently never matching.
 */
export type OriginPattern = { kind: 'any' } | { kind: 'origin'; scheme: string; host: string; subdomains: boolean; port: string };

/** A parsed origin (or pattern): lower-case scheme and host; port '' when it is the scheme's default. */
export interface ParsedOrigin {
  scheme: string;
  host: string;
  port: string;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };
const ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/;
const PATTERN = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}|\*))?$/;

/** Parses an `Origin` header value; null when it is not a `scheme://host[:port]` origin. */
export function parseOrigin(origin: string): ParsedOrigin | null {
  const match = ORIGIN.exec(origin.toLowerCase());
  if (match === null) return null;
  const [, scheme = '', host = '', port = ''] = match;
  if (port !== '' && Number(port) > 65535) return null;
  return { scheme, host, port: DEFAULT_PORTS[scheme] === port ? '' : port };
}

/** Parses an allowed-origin pattern; throws a TypeError that says what is wrong with it. */
export function parseOriginPattern(pattern: string): OriginPattern {
  const text = pattern.trim().toLowerCase();
  if (text === '*') return { kind: 'any' };
  const match = PATTERN.exec(text);
  if (match === null) throw new TypeError(explain(pattern, text));
  const [, scheme = '', wildcard, host = '', port = ''] = match;
  if (port !== '*' && port !== '' && Number(port) > 65535) {
    throw new TypeError(`${JSON.stringify(pattern)} has port ${port}, above 65535`);
  }
  const subdomains = wildcard !== undefined;
  if (subdomains && (host.startsWith('[') || /^[\d.]+$/.test(host))) {
    throw new TypeError(`${JSON.stringify(pattern)}: "*." only works with a domain name, not an IP address`);
  }
  if (subdomains && !host.includes('.') && host !== 'localhost') {
    throw new TypeError(`${JSON.stringify(pattern)} would allow every subdomain of a top-level domain`);
  }
  return { kind: 'origin', scheme, host, subdomains, port: DEFAULT_PORTS[scheme] === port ? '' : port };
}

/** True when a parsed origin matches a parsed pattern. */
export function originMatches(origin: ParsedOrigin, pattern: OriginPattern): boolean {
  if (pattern.kind === 'any') return true;
  if (origin.scheme !== pattern.scheme) return false;
  if (pattern.port !== '*' && origin.port !== pattern.port) return false;
  if (!pattern.subdomains) return origin.host === pattern.host;
  return origin.host.endsWith(`.${pattern.host}`);
}

function explain(pattern: string, text: string): string {
  const quoted = JSON.stringify(pattern);
  if (!text.includes('://')) return `${quoted} needs a scheme, e.g. "https://${text || 'example.com'}"`;
  const rest = text.slice(text.indexOf('://') + 3);
  if (/[/?#]/.test(rest)) return `${quoted} has a path; an origin is scheme://host[:port] with no trailing "/"`;
  if (rest.includes('*')) return `${quoted}: "*" may only be "*" alone, a leading "*." label, or the port`;
  return `${quoted} is not an origin of the form scheme://host[:port]`;
}
