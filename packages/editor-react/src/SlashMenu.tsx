import type { Editor } from '@tiptap/react';
import type { ReactNode } from 'react';
import { ImageIcon, RuleIcon, TableIcon, TaskListIcon } from './featureIcons.js';
import { BulletListIcon, CodeBlockIcon, OrderedListIcon, QuoteIcon } from './icons.js';
import type { SlashMenuController } from './slashMenuController.js';
import { SuggestionMenu } from './SuggestionMenu.js';

const icons: Record<string, ReactNode> = {
  h1: <span className="tandem-slash__glyph">H1</span>,
  h2: <span className="tandem-slash__glyph">H2</span>,
  h3: <span className="tandem-slash__glyph">H3</span>,
  'bullet-list': <BulletListIcon />,
  'ordered-list': <OrderedListIcon />,
  'task-list': <TaskListIcon />,
  table: <TableIcon />,
  image: <ImageIcon />,
  'code-block': <CodeBlockIcon />,
  blockquote: <QuoteIcon />,
  'horizontal-rule': <RuleIcon />,
};

/** The block menu under a typed `/`: each block with its icon (a `SuggestionMenu`). */
export function SlashMenu({ editor, controller }: { editor: Editor; controller: SlashMenuController }) {
  return (
    <SuggestionMenu
      editor={editor}
      controller={controller}
      testId="slash-menu"
      label="Insert a block"
      empty={(query) => `No block matches “${query}”`}
      emptyTestId="slash-empty"
      optionData={(item) => ({ 'data-testid': `slash-${item.id}` })}
    >
      {(item) => (
        <>
          <span className="tandem-slash__icon" aria-hidden="true">
            {icons[item.id]}
          </span>
          {item.label}
        </>
      )}
    </SuggestionMenu>
  );
}
