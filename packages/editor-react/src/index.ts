'use client';

// The public surface: the component, the hook (and the session behind it, for non-React use),
// the shared-text and focus helpers a page around the editor needs, and their types.
export { CollaborationSession } from './collaborationSession.js';
export type { CollaborationOptions, CollaborationSnapshot } from './collaborationSession.js';
export { CollaborativeEditor } from './CollaborativeEditor.js';
export type { CollaborativeEditorProps } from './CollaborativeEditor.js';
export type { ConnectionStatus, OfflineCause } from './connectionStatus.js';
export { useEditorFocus } from './editorFocus.js';
export type { FocusText } from './editorFocus.js';
export { PresenceList } from './PresenceList.js';
export { PERSON_COLORS, readableTextOn } from './personColor.js';
export { initials } from './presence.js';
export type { Person, PresenceNotice, User } from './presence.js';
export type { SaveState } from './saveTracker.js';
export { isDeletedClose } from './accessControl.js';
export { AccessDeniedError, isAccessDenied } from './tokenLifecycle.js';
export type { AccessProblem } from './tokenLifecycle.js';
export { useCollaboration } from './useCollaboration.js';
export type { Collaboration } from './useCollaboration.js';
export { useSharedText } from './useSharedText.js';
export { VersionHistory } from './history/VersionHistory.js';
export type { VersionHistoryProps } from './history/VersionHistory.js';
