// PUBLIC_URL's rule, in plain JavaScript so that the two places that read it share it:
// scripts/startConfig.mjs (run by `npm start` before anything is built) and the app's config
// schema (publicUrl.ts). Its types are in publicOrigin.d.mts.

/**
 * `raw` as an origin (`https://tandem.example.com`), or why it is not one: http:// or https:// only,
 * no user name or password, no path (the app is served at the root), no query or fragment.
 */
export function publicOrigin(raw) {
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    return { problem: 'must be an http:// or https:// URL, e.g. https://tandem.example.com' };
  }
  const problem =
    (url.protocol !== 'http:' && url.protocol !== 'https:' && 'must use http:// or https://') ||
    ((url.username !== '' || url.password !== '') && 'must not carry a user name or password') ||
    (url.pathname !== '/' && 'must be an origin without a path (the app is served at the root)') ||
    ((url.search !== '' || url.hash !== '') && 'must not have a query or fragment');
  return problem ? { problem } : { origin: url.origin };
}
