'use client';

import { initials, readableTextOn } from '@tandem/editor-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient, errorText } from '@/account/authClient';
import { INVITABLE_ROLES, type WorkspaceRole } from '@/workspace/roles';

export interface MemberItem {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  color: string | null;
  role: WorkspaceRole;
}

interface MembersPanelProps {
  workspaceId: string;
  me: { userId: string; role: WorkspaceRole };
  members: MemberItem[];
}

/** The workspace's people: roles changed and people removed by owners and admins (the server decides again). */
export function MembersPanel({ workspaceId, me, members }: MembersPanelProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const manages = me.role === 'owner' || me.role === 'admin';
  const roles: WorkspaceRole[] = me.role === 'owner' ? ['owner', ...INVITABLE_ROLES] : [...INVITABLE_ROLES];

  const run = async (action: () => Promise<{ error: { message?: string; status?: number } | null }>, fallback: string) => {
    setError(null);
    const result = await action();
    if (result.error) setError(errorText(result.error, fallback));
    else router.refresh();
  };

  return (
    <>
      {error !== null && (
        <p className="auth-form__error" role="alert" data-testid="members-error">
          {error}
        </p>
      )}
      <ul className="member-list" data-testid="member-list">
        {members.map((member) => {
          const editable = manages && member.userId !== me.userId && (member.role !== 'owner' || me.role === 'owner');
          return (
            <li key={member.memberId} className="member-row" data-testid="member-row" data-email={member.email} data-role={member.role}>
              <span
                className="avatar"
                style={{ background: member.color ?? '#4f46e5', color: readableTextOn(member.color ?? '#4f46e5') }}
                aria-hidden="true"
                data-initials={initials(member.name)}
              />
              <span className="member-row__who">
                <span className="member-row__name">
                  {member.name}
                  {member.userId === me.userId && ' (you)'}
                </span>
                <span className="member-row__email">{member.email}</span>
              </span>
              {editable ? (
                <>
                  <select
                    className="select"
                    aria-label={`Role of ${member.name}`}
                    value={member.role}
                    data-testid="member-role"
                    onChange={(event) =>
                      run(
                        () =>
                          authClient.organization.updateMemberRole({
                            memberId: member.memberId,
                            role: event.target.value as WorkspaceRole,
                            organizationId: workspaceId,
                          }),
                        'Could not change the role.',
                      )
                    }
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button button--ghost"
                    data-testid="member-remove"
                    onClick={() =>
                      run(
                        () => authClient.organization.removeMember({ memberIdOrEmail: member.memberId, organizationId: workspaceId }),
                        'Could not remove them.',
                      )
                    }
                  >
                    Remove
                  </button>
                </>
              ) : (
                <span className="member-row__role">{member.role}</span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
