import '@fontsource-variable/inter';
import '@tandem/editor-react/styles.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { readAuthSecret } from '@/auth/authSecret';
import { readSyncConfig } from '@/config/readSyncConfig';
import { SyncConfigProvider } from '@/config/SyncConfigProvider';
import { IdentityProvider } from '@/identity/IdentityProvider';

export const metadata: Metadata = {
  title: 'Tandem',
  description: 'Collaborative documents that keep working offline.',
};

export const viewport: Viewport = {
  themeColor: '#ffffff',
  width: 'device-width',
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so NEXT_PUBLIC_SYNC_URL is read from the running server's
  // environment (see readSyncConfig) and one build works against any sync server.
  await connection();
  // With AUTH_SECRET set (the same secret as the sync server's), documents need share grants and tokens.
  const config = { ...readSyncConfig(), auth: readAuthSecret(process.env) !== null };
  return (
    <html lang="en">
      <body>
        <SyncConfigProvider config={config}>
          <IdentityProvider>{children}</IdentityProvider>
        </SyncConfigProvider>
      </body>
    </html>
  );
}
