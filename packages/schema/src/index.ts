export { imageUrlInText, isSafeImageSrc, SAFE_IMAGE_PROTOCOLS } from './imageSafety.js';
export { isSafeLinkHref, normalizeLinkInput, SAFE_LINK_PROTOCOLS } from './linkSafety.js';
export { ALIGNABLE_TYPES, TEXT_ALIGNMENTS, tandemExtensions } from './tandemExtensions.js';
export type { TextAlignment } from './tandemExtensions.js';
export { TandemImage } from './tandemImage.js';
export { TandemLink } from './tandemLink.js';
export { isMentionColor, TandemMention } from './tandemMention.js';
export { TaskItemToggle } from './taskItemToggle.js';
// The option types of every extension in the list. Re-exporting them also brings each
// extension's commands (`toggleBold`, `setLink`, `insertTable`, …) into the types of an editor
// built from `tandemExtensions()`.
export type { HighlightOptions } from '@tiptap/extension-highlight';
export type { ImageOptions } from '@tiptap/extension-image';
export type { LinkOptions } from '@tiptap/extension-link';
export type { TaskItemOptions, TaskListOptions } from '@tiptap/extension-list';
export type { MentionOptions } from '@tiptap/extension-mention';
export type { SubscriptExtensionOptions } from '@tiptap/extension-subscript';
export type { SuperscriptExtensionOptions } from '@tiptap/extension-superscript';
export type { TableKitOptions } from '@tiptap/extension-table';
export type { TextAlignOptions } from '@tiptap/extension-text-align';
export type { StarterKitOptions } from '@tiptap/starter-kit';
