// Where teammates reach `npm start`: the addresses of this machine the public port answers on, the
// PUBLIC_URL that links carry when none is set, and the origins the sync server lets open
// WebSockets when ALLOWED_ORIGINS is not set.
import { isLoopback } from './startConfig.mjs';

/** The sync server's own default: pages served from this machine, any port (embedders' apps too). */
export const LOCAL_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*', 'https://localhost:*'];

/** Bridges of containers and virtual machines: on this machine, but not where teammates are. */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vmnet|vboxnet|cni|flannel|podman|lxc)/;

const urlHost = (address) => (address.includes(':') ? `[${address}]` : address);

/**
 * This machine's addresses on its networks, those a teammate is likeliest to use first: IPv4
 * before IPv6, physical interfaces before virtual bridges. Loopback and link-local ones are left
 * out (a link-local IPv6 address needs a zone that URLs cannot carry).
 */
export function networkAddresses(interfaces) {
  const found = [];
  for (const [name, entries] of Object.entries(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal || /^169\.254\./.test(entry.address) || /^fe80:/i.test(entry.address)) continue;
      found.push({ address: entry.address, v4: entry.family === 'IPv4' || entry.family === 4, virtual: VIRTUAL_INTERFACE.test(name) });
    }
  }
  const rank = (entry) => (entry.virtual ? 2 : 0) + (entry.v4 ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b)).map((entry) => entry.address);
}

/**
 * From the start configuration and this machine's interfaces and host name:
 * - `teammateUrls`: the addresses others can open (none while the port listens on loopback only);
 * - `publicUrl` and where it came from: PUBLIC_URL, else the first of `teammateUrls`, else
 *   http://localhost:<port>;
 * - `allowedOrigins` for the sync server: ALLOWED_ORIGINS, else PUBLIC_URL's origin when PUBLIC_URL
 *   is set (a deployment lists its own origin), else pages from this machine: the sync server's
 *   local defaults plus each address and name of this machine at the public port.
 */
export function publicAddress(config, { interfaces, hostname }) {
  const { host, webPort } = config;
  const everywhere = host === '0.0.0.0' || host === '::';
  const addresses = isLoopback(host) ? [] : everywhere ? networkAddresses(interfaces) : [host];
  const teammateUrls = addresses.map((address) => `http://${urlHost(address)}:${webPort}`);
  const publicUrl = config.publicUrl ?? teammateUrls[0] ?? `http://localhost:${webPort}`;
  const publicUrlSource =
    config.publicUrl !== null ? 'PUBLIC_URL' : teammateUrls.length > 0 ? 'this machine on its network' : 'this machine only';
  const name = hostname.toLowerCase();
  const names = everywhere && /^[a-z0-9-]+$/.test(name) ? [name, `${name}.local`] : [];
  const allowedOrigins =
    config.allowedOrigins ??
    (config.publicUrl !== null
      ? config.publicUrl
      : [...LOCAL_ORIGINS, ...teammateUrls, ...names.map((n) => `http://${n}:${webPort}`)].join(','));
  return { teammateUrls, publicUrl, publicUrlSource, allowedOrigins };
}
