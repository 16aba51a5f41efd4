'use client';

import { initials } from '@tandem/editor-react';
import { useIdentity } from './IdentityProvider';

/** Your avatar in the header; click to change your name or colour. */
export function IdentityButton() {
  const { identity, edit } = useIdentity();
  if (!identity) return <span className="avatar avatar--placeholder" aria-hidden="true" />;
  return (
    <button
      type="button"
      className="identity-button"
      onClick={edit}
      data-testid="identity-button"
      title={`You are ${identity.name}. Change name or colour`}
      aria-label={`You are ${identity.name}. Change name or colour`}
    >
      <span className="identity-button__name">{identity.name}</span>
      <span className="avatar" style={{ background: identity.color }} aria-hidden="true">
        {initials(identity.name)}
      </span>
    </button>
  );
}
