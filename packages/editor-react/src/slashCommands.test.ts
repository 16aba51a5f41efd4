import { describe, expect, it } from 'vitest';
import { filterSlashCommands, SLASH_COMMANDS } from './slashCommands.js';

const ids = (query: string) => filterSlashCommands(query).map((command) => command.id);

describe('filterSlashCommands', () => {
  it('offers every block for an empty query, in menu order', () => {
    expect(ids('')).toEqual(SLASH_COMMANDS.map((command) => command.id));
  });

  it('matches the start of any word of the label, case-insensitively', () => {
    expect(ids('head')).toEqual(['h1', 'h2', 'h3']);
    expect(ids('LIST')).toEqual(['bullet-list', 'ordered-list', 'task-list']);
    expect(ids('heading 2')).toEqual(['h2']);
    expect(ids('ist')).toEqual([]);
  });

  it('matches keywords after labels', () => {
    expect(ids('todo')).toEqual(['task-list']);
    expect(ids('hr')).toEqual(['horizontal-rule']);
    // "code block" by label first, nothing else mentions code.
    expect(ids('code')).toEqual(['code-block']);
    // "Quote" by label, no keyword match in front of it.
    expect(ids('q')).toEqual(['blockquote']);
  });
});
