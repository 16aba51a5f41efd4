/**
 * A configuration problem in the auth settings. `key` is the config key at fault (camelCase, as in
 * `AuthConfig`), so the server's config loader can map it to its env variable or flag name.
 */
export class AuthConfigError extends Error {
  readonly key: string;
  /** The problem alone, without the key (for messages that name the key their own way). */
  readonly problem: string;

  constructor(key: string, problem: string, options?: { cause?: unknown }) {
    super(`${key}: ${problem}`, options);
    this.name = 'AuthConfigError';
    this.key = key;
    this.problem = problem;
  }
}
