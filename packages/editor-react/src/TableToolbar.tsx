import { type ChainedCommands, type Editor, useEditorState } from '@tiptap/react';
import { ToolbarButton } from './ToolbarButton.js';

const actions: { id: string; label: string; text: string; run: (chain: ChainedCommands) => ChainedCommands }[] = [
  { id: 'table-row-before', label: 'Add row above', text: '+ Row ↑', run: (c) => c.addRowBefore() },
  { id: 'table-row-after', label: 'Add row below', text: '+ Row ↓', run: (c) => c.addRowAfter() },
  { id: 'table-row-delete', label: 'Delete row', text: '− Row', run: (c) => c.deleteRow() },
  { id: 'table-column-before', label: 'Add column left', text: '+ Column ←', run: (c) => c.addColumnBefore() },
  { id: 'table-column-after', label: 'Add column right', text: '+ Column →', run: (c) => c.addColumnAfter() },
  { id: 'table-column-delete', label: 'Delete column', text: '− Column', run: (c) => c.deleteColumn() },
  { id: 'table-delete', label: 'Delete table', text: 'Delete table', run: (c) => c.deleteTable() },
];

/** Row, column and header actions for the table the caret is in (Tab / Shift+Tab move between cells). */
export function TableToolbar({ editor }: { editor: Editor }) {
  const headerRow = useEditorState({
    editor,
    // The first row of the table at the caret is a header row when its cells are header cells.
    selector: ({ editor: e }) => {
      const { $from } = e.state.selection;
      for (let depth = $from.depth; depth > 0; depth--) {
        const node = $from.node(depth);
        if (node.type.name === 'table') return node.firstChild?.firstChild?.type.name === 'tableHeader';
      }
      return false;
    },
  });
  return (
    <div className="tandem-toolbar tandem-toolbar--table" role="toolbar" aria-label="Table" data-testid="table-toolbar">
      <div className="tandem-toolbar__group">
        {actions.map((action) => (
          <ToolbarButton key={action.id} id={action.id} label={action.label} onRun={() => action.run(editor.chain().focus()).run()}>
            <span className="tandem-toolbar__text">{action.text}</span>
          </ToolbarButton>
        ))}
        <ToolbarButton
          id="table-header-row"
          label="Header row"
          active={headerRow}
          onRun={() => editor.chain().focus().toggleHeaderRow().run()}
        >
          <span className="tandem-toolbar__text">Header</span>
        </ToolbarButton>
      </div>
    </div>
  );
}
