/** The origin links should carry: PUBLIC_URL, else the origin the request came to. */
export function linkOrigin(publicUrl: string | null, request: Request): string {
  if (publicUrl !== null) return publicUrl;
  const host = request.headers.get('host');
  return host === null ? new URL(request.url).origin : `${new URL(request.url).protocol}//${host}`;
}
