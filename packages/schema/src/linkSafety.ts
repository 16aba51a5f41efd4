/**
 * Which link targets a Tandem document may hold. Only absolute http(s) and mailto addresses:
 * `javascript:`, `data:`, `file:` and relative addresses are refused wherever a link enters the
 * document (typed, pasted, autolinked, or set by a command) and are never rendered as an href.
 */
export const SAFE_LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** True when `href` is an absolute http:, https: or mailto: address. */
export function isSafeLinkHref(href: string): boolean {
  if (!URL.canParse(href)) return false;
  return SAFE_LINK_PROTOCOLS.includes(new URL(href).protocol);
}

/**
 * What someone typed into a link field, as an href to store, or null when it is not a safe
 * address. "example.com/page" becomes "https://example.com/page", "ada@example.com" becomes
 * "mailto:ada@example.com"; anything with another scheme (e.g. `javascript:`) is refused.
 */
export function normalizeLinkInput(input: string): string | null {
  const text = input.trim();
  if (text.length === 0) return null;
  // A scheme, unless what follows the colon is a port ("localhost:3000").
  if (/^[a-z][a-z0-9+.-]*:(?!\d+([/?#]|$))/i.test(text)) return isSafeLinkHref(text) ? text : null;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) return `mailto:${text}`;
  // No scheme: a host name (with a dot, or localhost) optionally followed by a path.
  if (!/^(localhost|[^\s/.]+(\.[^\s/.]+)+)(:\d+)?([/?#]\S*)?$/i.test(text)) return null;
  const candidate = `https://${text}`;
  return isSafeLinkHref(candidate) ? candidate : null;
}
