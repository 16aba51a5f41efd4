import type { NetworkInterfaceInfo } from 'node:os';
import type { StartConfig } from './startConfig.mjs';

export const LOCAL_ORIGINS: string[];
export function networkAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[];
export interface PublicAddress {
  teammateUrls: string[];
  publicUrl: string;
  publicUrlSource: string;
  allowedOrigins: string;
}
export function publicAddress(
  config: Pick<StartConfig, 'host' | 'webPort' | 'publicUrl' | 'allowedOrigins'>,
  machine: { interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>; hostname: string },
): PublicAddress;
