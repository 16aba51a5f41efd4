/** See publicOrigin.mjs: `raw` as an origin, or why it is not one. */
export function publicOrigin(raw: string): { origin: string; problem?: undefined } | { origin?: undefined; problem: string };
