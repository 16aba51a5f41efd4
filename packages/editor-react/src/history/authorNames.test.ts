import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { recordCollaborator } from '../collaborators.js';
import { authorColors } from './authorColors.js';
import { authorNames } from './authorNames.js';

describe('history authors', () => {
  it('shows an account id as the name and colour its editor recorded, anything else as itself', () => {
    const doc = new Y.Doc();
    recordCollaborator(doc, 'id:u_ada', { name: 'Ada Lovelace', color: '#e11d48' });
    recordCollaborator(doc, 'user:Grace\u0000#059669', { name: 'Grace', color: '#059669' });
    const nameOf = authorNames(doc);
    expect([nameOf('u_ada'), nameOf('demo:Bob'), nameOf('u_unknown'), nameOf(null)]).toEqual([
      'Ada Lovelace',
      'Bob',
      'u_unknown',
      'Someone',
    ]);
    const colorOf = authorColors(doc);
    expect([colorOf('u_ada'), colorOf('demo:Grace')]).toEqual(['#e11d48', '#059669']);
    expect(authorNames(null)('u_ada')).toBe('u_ada');
  });
});
