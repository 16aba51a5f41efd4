// The HAProxy configuration in front of a Tandem cluster (`npm run cluster`, the load-balancer test,
// and the README's example): no stickiness (any node serves any document), WebSocket upgrades pass
// through, idle sockets live as long as the heartbeat keeps them busy, a node is taken out of the
// rotation once /readyz fails twice (PostgreSQL or Redis unreachable, or the node gone).
// With `public`, a second frontend is the product's one public origin, as `npm start`'s gateway
// (scripts/gateway.mjs) is for one node: `/sync/<doc>` WebSockets and `/sync/api/…` go to the
// nodes without the prefix, everything else to the editor app.

/**
 * @param {{
 *   port: number, host?: string,
 *   nodes: { name: string, port: number, host?: string }[],
 *   checkIntervalMs?: number,
 *   public?: { port: number, host?: string, web: { port: number, host?: string }, trustedProxyHops?: number },
 * }} options
 * @returns {string}
 */
export function haproxyConfig({ port, host = '127.0.0.1', nodes, checkIntervalMs = 1000, public: front }) {
  const servers = nodes
    .map(
      (node) =>
        `  server ${node.name} ${node.host ?? '127.0.0.1'}:${node.port} check inter ${checkIntervalMs}ms fall 2 rise 1 on-marked-down shutdown-sessions`,
    )
    .join('\n');
  return `global
  # Each proxied connection takes two descriptors: raise it (and ulimit -n) for more clients.
  maxconn 4000

defaults
  mode http
  option forwardfor
  # A connection refused by a node that just died is retried on another one.
  retries 3
  option redispatch
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  # Once upgraded, a WebSocket is a tunnel: the sync server's 2 s heartbeat keeps it busy.
  timeout tunnel 1h
  timeout http-request 10s

frontend tandem
  bind ${host}:${port}
  default_backend sync_nodes
${front === undefined ? '' : publicFrontend(front)}
backend sync_nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
${servers}
`;
}

function publicFrontend({ port, host = '0.0.0.0', web, trustedProxyHops = 0 }) {
  const forwarded =
    trustedProxyHops > 0
      ? `  http-request set-header X-Forwarded-Proto http unless { req.hdr(x-forwarded-proto) -m found }
  http-request set-header X-Forwarded-Host %[req.hdr(host)] unless { req.hdr(x-forwarded-host) -m found }`
      : `  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]`;
  return `
# The public origin: the app, and the sync server under /sync.
frontend public
  bind ${host}:${port}
${forwarded}
  acl sync_path path /sync
  acl sync_path path_beg /sync/
  acl sync_api path_beg /sync/api/
  acl websocket hdr(upgrade) -i websocket
  # A dot segment would be resolved to another path behind: refused, as by the gateway.
  http-request deny deny_status 400 if sync_path { path -m reg -i '(^|[/\\\\])(\\.|%2e){1,2}([/\\\\]|$)' }
  # /metrics, /healthz and /readyz stay on the nodes' own ports.
  http-request deny deny_status 404 if sync_path !sync_api !websocket
  http-request set-var(txn.to_sync) bool(true) if sync_path
  http-request replace-path ^/sync/?(.*)$ /\\1 if sync_path
  use_backend sync_nodes if { var(txn.to_sync) -m bool }
  default_backend web

backend web
  server web ${web.host ?? '127.0.0.1'}:${web.port}
`;
}
