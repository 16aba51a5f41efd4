export interface HaproxyNode {
  name: string;
  port: number;
  host?: string;
}

/** The public origin in front: the app at `web`, the nodes under `/sync` (see haproxyConfig.mjs). */
export interface HaproxyPublic {
  port: number;
  host?: string;
  web: { port: number; host?: string };
  trustedProxyHops?: number;
}

/** The HAProxy configuration in front of a Tandem cluster (see haproxyConfig.mjs). */
export function haproxyConfig(options: {
  port: number;
  host?: string;
  nodes: HaproxyNode[];
  checkIntervalMs?: number;
  public?: HaproxyPublic;
}): string;
