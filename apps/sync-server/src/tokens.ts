/**
 * `@tandem/sync-server/tokens`: what a token issuer needs, without the server (browser-, edge- and
 * Node-safe: jose and pure functions only). Sign HS256 tokens with the server's `authSecret`, or
 * read a `docs` claim the same way the server does.
 */
export * from '@tandem/tokens';
