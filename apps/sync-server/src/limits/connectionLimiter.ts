import { CloseCode, type CloseCodeValue } from '@tandem/protocol';
import { ipLimitKey } from './ipLimitKey.js';
import type { LimitsConfig } from '../config/limitsConfig.js';

export type ConnectionAdmission =
  | { ok: true /** Idempotent; call when the connection closes (or its handshake fails). */; release: () => void }
  | { ok: false; limit: 'ip' | 'doc'; max: number; close: CloseCodeValue };

/**
 * Counts open connections per client address (IPv6 per /64, see `ipLimitKey`) and per document.
 * `acquire` checks both limits before counting either, so a refusal changes nothing. Entries are
 * removed when their count drops to zero, so memory follows the live connections only.
 */
export class ConnectionLimiter {
  private readonly perIp = new Map<string, number>();
  private readonly perDoc = new Map<string, number>();
  private readonly limits: Pick<LimitsConfig, 'maxConnectionsPerIp' | 'maxConnectionsPerDoc'>;

  constructor(limits: Pick<LimitsConfig, 'maxConnectionsPerIp' | 'maxConnectionsPerDoc'>) {
    this.limits = { maxConnectionsPerIp: limits.maxConnectionsPerIp, maxConnectionsPerDoc: limits.maxConnectionsPerDoc };
  }

  acquire(ip: string, docName: string): ConnectionAdmission {
    const ipKey = ipLimitKey(ip);
    const { maxConnectionsPerIp, maxConnectionsPerDoc } = this.limits;
    if ((this.perIp.get(ipKey) ?? 0) >= maxConnectionsPerIp) {
      return { ok: false, limit: 'ip', max: maxConnectionsPerIp, close: CloseCode.TooManyConnectionsFromIp };
    }
    if ((this.perDoc.get(docName) ?? 0) >= maxConnectionsPerDoc) {
      return { ok: false, limit: 'doc', max: maxConnectionsPerDoc, close: CloseCode.TooManyConnectionsToDoc };
    }
    increment(this.perIp, ipKey);
    increment(this.perDoc, docName);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        decrement(this.perIp, ipKey);
        decrement(this.perDoc, docName);
      },
    };
  }

  connectionsFromIp(ip: string): number {
    return this.perIp.get(ipLimitKey(ip)) ?? 0;
  }

  connectionsToDoc(docName: string): number {
    return this.perDoc.get(docName) ?? 0;
  }

  /** Number of distinct addresses and documents tracked (for metrics and leak tests). */
  get size(): { ips: number; docs: number } {
    return { ips: this.perIp.size, docs: this.perDoc.size };
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function decrement(map: Map<string, number>, key: string): void {
  const count = (map.get(key) ?? 0) - 1;
  if (count > 0) map.set(key, count);
  else map.delete(key);
}
