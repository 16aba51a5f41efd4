import type { Route, RouteContext } from '../httpRoutes.js';

/** A documents API route: its method and OpenAPI path (`/api/docs/{name}`), from which its pattern is made. */
export interface ApiRoute {
  method: Route['method'];
  path: string;
  handle: (context: RouteContext) => Promise<void>;
}

/** An upload's file is `<sha256>.<ext>` (so `/api/uploads/sweep` is not one); a document name may hold `/`. */
const PARAMETER_PATTERNS: Record<string, string> = { '{file}': '([0-9a-f]{64}\\.[a-z0-9]+)', '{name}': '(.+)' };

/**
 * The router's form: `{name}` matches the rest of the path up to the next literal part (names may
 * hold `/`), any other parameter one path segment; a path without parameters may end with a `/`.
 */
export function toRoute(route: ApiRoute): Route {
  const source = route.path
    .split(/(\{[a-z]+\})/i)
    .map((part) => (/^\{[a-z]+\}$/i.test(part) ? (PARAMETER_PATTERNS[part] ?? '([^/]+)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const slash = route.path.includes('{') ? '' : '/?';
  return { method: route.method, pattern: new RegExp(`^${source}${slash}$`), handle: route.handle };
}
