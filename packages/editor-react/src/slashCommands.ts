import type { ChainedCommands } from '@tiptap/core';

/** What a slash command can do besides running an editor command. */
export interface SlashActions {
  /** Open the image form (address and alt text) at the caret. */
  openImage: () => void;
}

/** One entry of the slash menu: a block to insert in place of the typed `/query`. */
export interface SlashCommand {
  /** Also the icon's and the test id's name (`slash-<id>`). */
  id: string;
  label: string;
  /** Other words a person might type for it ("h1", "todo", "hr"). */
  keywords: readonly string[];
  /** Turns the current block into (or inserts) this one; the `/query` is already deleted in `chain`. */
  run: (chain: ChainedCommands, actions: SlashActions) => ChainedCommands;
}

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { id: 'h1', label: 'Heading 1', keywords: ['h1', 'title', 'heading'], run: (c) => c.setNode('heading', { level: 1 }) },
  { id: 'h2', label: 'Heading 2', keywords: ['h2', 'subtitle', 'heading'], run: (c) => c.setNode('heading', { level: 2 }) },
  { id: 'h3', label: 'Heading 3', keywords: ['h3', 'heading'], run: (c) => c.setNode('heading', { level: 3 }) },
  { id: 'bullet-list', label: 'Bullet list', keywords: ['ul', 'unordered', 'list'], run: (c) => c.toggleBulletList() },
  { id: 'ordered-list', label: 'Numbered list', keywords: ['ol', 'ordered', 'list'], run: (c) => c.toggleOrderedList() },
  { id: 'task-list', label: 'Task list', keywords: ['todo', 'checkbox', 'checklist'], run: (c) => c.toggleTaskList() },
  { id: 'table', label: 'Table', keywords: ['grid', 'columns'], run: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }) },
  {
    id: 'image',
    label: 'Image',
    keywords: ['picture', 'photo', 'img'],
    run: (c, actions) => {
      actions.openImage();
      return c;
    },
  },
  { id: 'code-block', label: 'Code block', keywords: ['code', 'pre', 'snippet'], run: (c) => c.setCodeBlock() },
  { id: 'blockquote', label: 'Quote', keywords: ['blockquote', 'citation'], run: (c) => c.setBlockquote() },
  { id: 'horizontal-rule', label: 'Divider', keywords: ['hr', 'rule', 'line', 'separator'], run: (c) => c.setHorizontalRule() },
];

/**
 * The commands matching what was typed after `/`: every word of the query must start a word of
 * the label or a keyword, case-insensitively. Label matches come first, in menu order.
 */
export function filterSlashCommands(query: string, commands: readonly SlashCommand[] = SLASH_COMMANDS): SlashCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  const matches = (candidates: string[]) => words.every((word) => candidates.some((candidate) => candidate.startsWith(word)));
  const byLabel: SlashCommand[] = [];
  const byKeyword: SlashCommand[] = [];
  for (const command of commands) {
    const labelWords = command.label.toLowerCase().split(/\s+/);
    if (matches(labelWords)) byLabel.push(command);
    else if (matches([...labelWords, ...command.keywords])) byKeyword.push(command);
  }
  return [...byLabel, ...byKeyword];
}
