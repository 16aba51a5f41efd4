'use client';

import { initials, readableTextOn } from '@tandem/editor-react';
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
    >
      {/* The accessible name starts with the visible name (WCAG 2.5.3); the initials are decoration. */}
      <span className="identity-button__name">{identity.name}</span>
      <span className="visually-hidden">: change your name or colour</span>
      <span
        className="avatar"
        style={{ background: identity.color, color: readableTextOn(identity.color) }}
        aria-hidden="true"
        data-initials={initials(identity.name)}
      />
    </button>
  );
}
