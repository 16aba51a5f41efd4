import '@fontsource-variable/inter';
import '@tandem/editor-react/styles.css';
import './globals.css';
import './theme.css';
import './print.css';
import './accessibility.css';
import './offline.css';
import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AccountProvider } from '@/account/AccountProvider';
import { readAuthSecret } from '@/auth/authSecret';
import { readSyncSetting } from '@/config/readSyncSetting';
import { SyncConfigProvider } from '@/config/SyncConfigProvider';
import { IdentityProvider } from '@/identity/IdentityProvider';
import { OfflineSupport } from '@/offline/OfflineSupport';
import { accountView, pageAccount } from '@/server/pageAccount';
import { THEME_BOOT_SCRIPT } from '@/theme/theme';

export const metadata: Metadata = {
  title: 'Tandem',
  description: 'Collaborative documents that keep working offline.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0f1013' },
  ],
  width: 'device-width',
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so NEXT_PUBLIC_SYNC_URL and PUBLIC_URL are read from the running
  // server's environment (see readSyncSetting, appConfig) and one build works in any deployment.
  await connection();
  // The signed-in account (name and colour for carets, workspace and role), rendered into the page.
  const { server, account } = await pageAccount();
  // With AUTH_SECRET set (the same secret as the sync server's), documents need tokens from the account's rights.
  const config = { sync: readSyncSetting(), publicUrl: server.config.publicUrl, auth: readAuthSecret(process.env) !== null };
  return (
    // data-theme is set from localStorage by the boot script before React hydrates.
    <html lang="en" data-theme="system" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed script of ours, so the theme applies before the first paint */}
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <SyncConfigProvider config={config}>
          <AccountProvider account={accountView(account)}>
            <IdentityProvider>
              <OfflineSupport>{children}</OfflineSupport>
            </IdentityProvider>
          </AccountProvider>
        </SyncConfigProvider>
      </body>
    </html>
  );
}
