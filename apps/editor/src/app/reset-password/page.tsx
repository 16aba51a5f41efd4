import { AuthCard } from '@/account/AuthCard';
import { ResetPasswordForm } from '@/account/ResetPasswordForm';

export const metadata = { title: 'Reset your password · Tandem' };

/** `/reset-password`: ask for a link; `/reset-password?token=…` (where the mailed link lands): set a new password. */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const token = typeof query.token === 'string' && query.token !== 'INVALID_TOKEN' ? query.token : null;
  const tokenError = typeof query.error === 'string' ? query.error : query.token === 'INVALID_TOKEN' ? 'INVALID_TOKEN' : null;
  return (
    <AuthCard title={token === null ? 'Reset your password' : 'Choose a new password'}>
      <ResetPasswordForm token={token} tokenError={tokenError} />
    </AuthCard>
  );
}
