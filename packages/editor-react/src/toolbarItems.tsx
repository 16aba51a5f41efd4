import type { TextAlignment } from '@tandem/schema';
import type { ChainedCommands, Editor } from '@tiptap/react';
import type { ReactNode } from 'react';
import {
  AlignIcon,
  HighlightIcon,
  ImageIcon,
  LinkIcon,
  RuleIcon,
  SubscriptIcon,
  SuperscriptIcon,
  TableIcon,
  TaskListIcon,
  UnderlineIcon,
} from './featureIcons.js';
import { BoldIcon, BulletListIcon, CodeBlockIcon, CodeIcon, ItalicIcon, OrderedListIcon, QuoteIcon, StrikeIcon } from './icons.js';

/** What a toolbar button can do besides running an editor command. */
export interface ToolbarActions {
  /** Open the link popover for the selection. */
  openLink: () => void;
  /** Open the image form at the caret. */
  openImage: () => void;
}

/** One toolbar button: its command, whether it shows as pressed, and how to reach it by keyboard. */
export interface ToolbarItem {
  id: string;
  label: string;
  /** The keyboard path, with `Mod` for Ctrl/⌘. */
  shortcut?: string;
  icon: ReactNode;
  /** Toggles show a pressed state; one-off actions (insert a table) have none. */
  isActive?: (editor: Editor) => boolean;
  run: (chain: () => ChainedCommands, actions: ToolbarActions) => void;
}

export const markItems: ToolbarItem[] = [
  {
    id: 'bold',
    label: 'Bold',
    shortcut: 'Mod+B',
    icon: <BoldIcon />,
    isActive: (e) => e.isActive('bold'),
    run: (c) => c().toggleBold().run(),
  },
  {
    id: 'italic',
    label: 'Italic',
    shortcut: 'Mod+I',
    icon: <ItalicIcon />,
    isActive: (e) => e.isActive('italic'),
    run: (c) => c().toggleItalic().run(),
  },
  {
    id: 'underline',
    label: 'Underline',
    shortcut: 'Mod+U',
    icon: <UnderlineIcon />,
    isActive: (e) => e.isActive('underline'),
    run: (c) => c().toggleUnderline().run(),
  },
  {
    id: 'strike',
    label: 'Strikethrough',
    shortcut: 'Mod+Shift+S',
    icon: <StrikeIcon />,
    isActive: (e) => e.isActive('strike'),
    run: (c) => c().toggleStrike().run(),
  },
  {
    id: 'code',
    label: 'Inline code',
    shortcut: 'Mod+E',
    icon: <CodeIcon />,
    isActive: (e) => e.isActive('code'),
    run: (c) => c().toggleCode().run(),
  },
  {
    id: 'highlight',
    label: 'Highlight',
    shortcut: 'Mod+Shift+H',
    icon: <HighlightIcon />,
    isActive: (e) => e.isActive('highlight'),
    run: (c) => c().toggleHighlight().run(),
  },
  {
    id: 'subscript',
    label: 'Subscript',
    shortcut: 'Mod+,',
    icon: <SubscriptIcon />,
    isActive: (e) => e.isActive('subscript'),
    run: (c) => c().toggleSubscript().run(),
  },
  {
    id: 'superscript',
    label: 'Superscript',
    shortcut: 'Mod+.',
    icon: <SuperscriptIcon />,
    isActive: (e) => e.isActive('superscript'),
    run: (c) => c().toggleSuperscript().run(),
  },
  {
    id: 'link',
    label: 'Link',
    shortcut: 'Mod+K',
    icon: <LinkIcon />,
    isActive: (e) => e.isActive('link'),
    run: (_c, actions) => actions.openLink(),
  },
];

export const blockItems: ToolbarItem[] = [
  {
    id: 'bullet-list',
    label: 'Bullet list',
    shortcut: 'Mod+Shift+8',
    icon: <BulletListIcon />,
    isActive: (e) => e.isActive('bulletList'),
    run: (c) => c().toggleBulletList().run(),
  },
  {
    id: 'ordered-list',
    label: 'Numbered list',
    shortcut: 'Mod+Shift+7',
    icon: <OrderedListIcon />,
    isActive: (e) => e.isActive('orderedList'),
    run: (c) => c().toggleOrderedList().run(),
  },
  {
    id: 'task-list',
    label: 'Task list',
    shortcut: 'Mod+Shift+9',
    icon: <TaskListIcon />,
    isActive: (e) => e.isActive('taskList'),
    run: (c) => c().toggleTaskList().run(),
  },
  {
    id: 'blockquote',
    label: 'Quote',
    shortcut: 'Mod+Shift+B',
    icon: <QuoteIcon />,
    isActive: (e) => e.isActive('blockquote'),
    run: (c) => c().toggleBlockquote().run(),
  },
  {
    id: 'code-block',
    label: 'Code block',
    shortcut: 'Mod+Alt+C',
    icon: <CodeBlockIcon />,
    isActive: (e) => e.isActive('codeBlock'),
    run: (c) => c().toggleCodeBlock().run(),
  },
  { id: 'horizontal-rule', label: 'Divider', icon: <RuleIcon />, run: (c) => c().setHorizontalRule().run() },
  { id: 'table', label: 'Insert table', icon: <TableIcon />, run: (c) => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
  { id: 'image', label: 'Insert image', icon: <ImageIcon />, run: (_c, actions) => actions.openImage() },
];

const alignLabels: Record<TextAlignment, [label: string, key: string]> = {
  left: ['Align left', 'L'],
  center: ['Align center', 'E'],
  right: ['Align right', 'R'],
  justify: ['Justify', 'J'],
};

export const alignItems: ToolbarItem[] = (Object.keys(alignLabels) as TextAlignment[]).map((alignment) => ({
  id: `align-${alignment}`,
  label: alignLabels[alignment][0],
  shortcut: `Mod+Shift+${alignLabels[alignment][1]}`,
  icon: <AlignIcon alignment={alignment} />,
  // Left is what unaligned text looks like.
  isActive: (e) =>
    e.isActive({ textAlign: alignment }) ||
    (alignment === 'left' && !['center', 'right', 'justify'].some((a) => e.isActive({ textAlign: a }))),
  run: (c) => c().setTextAlign(alignment).run(),
}));
