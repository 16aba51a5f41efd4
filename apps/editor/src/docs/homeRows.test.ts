import { describe, expect, it } from 'vitest';
import type { ListedDocument } from '@/workspace/documentList';
import { type HomeSources, homeRows, shownRows } from './homeRows';

const listed = (id: string, extra: Partial<ListedDocument> = {}): ListedDocument => ({
  id,
  title: null,
  createdAt: 1_000,
  createdBy: { id: 'u1', name: 'Ada' },
  mine: false,
  access: 'edit',
  sharedWithMe: null,
  canDelete: false,
  ...extra,
});

const sources = (extra: Partial<HomeSources> = {}): HomeSources => ({
  docs: [],
  activity: new Map(),
  ready: true,
  app: [],
  trashed: new Set(),
  device: {},
  ...extra,
});

describe('the home page’s rows', () => {
  it('joins the app’s records with the sync server’s titles and edits, and keeps documents either one alone knows', () => {
    const rows = homeRows(
      sources({
        app: [listed('ws-a', { title: 'Old title', mine: true, canDelete: true }), listed('ws-empty', { title: 'Never typed in' })],
        docs: [
          { name: 'ws-a', title: 'Roadmap', createdAt: 900, updatedAt: 5_000 },
          { name: 'ws-api', title: 'Made by a script', createdAt: 2_000, updatedAt: 3_000 },
        ],
        activity: new Map([
          ['ws-a', 2],
          ['ws-fresh', 1],
        ]),
      }),
    );
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName['ws-a']).toMatchObject({ title: 'Roadmap', updatedAt: 5_000, createdAt: 1_000, editors: 2, mine: true, canDelete: true });
    expect(byName['ws-empty']).toMatchObject({ title: 'Never typed in', updatedAt: null, editors: 0 });
    expect(byName['ws-api']).toMatchObject({ title: 'Made by a script', mine: false, access: null, canDelete: false });
    expect(byName['ws-fresh']).toMatchObject({ title: null, editors: 1 });
  });

  it('leaves out a document in the trash, even where the sync server’s list from before still has it', () => {
    const docs = [{ name: 'ws-gone', title: 'Deleted', createdAt: 1, updatedAt: 2 }];
    expect(homeRows(sources({ docs, trashed: new Set(['ws-gone']) }))).toEqual([]);
    expect(homeRows(sources({ docs })).map((row) => row.name)).toEqual(['ws-gone']);
  });

  it('shows this device’s documents while the list cannot be had, and only those with unstored edits once it can', () => {
    const device = {
      'ws-here': { name: 'ws-here', title: 'Opened here', openedAt: 4_000, unsynced: false },
      'ws-offline': { name: 'ws-offline', title: 'Made offline', openedAt: 4_500, unsynced: true },
    };
    expect(
      homeRows(sources({ ready: false, app: null, device }))
        .map((row) => row.name)
        .sort(),
    ).toEqual(['ws-here', 'ws-offline']);
    expect(homeRows(sources({ device })).map((row) => [row.name, row.unsynced])).toEqual([['ws-offline', true]]);
  });

  it('filters (mine, shared with me), finds by any part of the title in any case, and sorts by last edit, creation or title', () => {
    const rows = homeRows(
      sources({
        app: [
          listed('ws-1', { mine: true, createdAt: 100 }),
          listed('ws-2', { createdAt: 300, sharedWithMe: { by: 'Grace', via: 'person', at: 10 } }),
          listed('ws-3', { mine: true, createdAt: 200 }),
        ],
        docs: [
          { name: 'ws-1', title: 'Quarterly Roadmap', createdAt: 100, updatedAt: 9_000 },
          { name: 'ws-2', title: 'Budget', createdAt: 300, updatedAt: 1_000 },
          { name: 'ws-3', title: 'Road trip', createdAt: 200, updatedAt: 5_000 },
        ],
        activity: new Map([['ws-new', 1]]),
      }),
    );
    const names = (view: Parameters<typeof shownRows>[1]) => shownRows(rows, view).map((row) => row.name);
    // Being edited now and not stored yet counts as the latest edit.
    expect(names({ filter: 'all', query: '', sort: 'edited' })).toEqual(['ws-new', 'ws-1', 'ws-3', 'ws-2']);
    expect(names({ filter: 'mine', query: '', sort: 'edited' })).toEqual(['ws-1', 'ws-3']);
    expect(names({ filter: 'shared', query: '', sort: 'edited' })).toEqual(['ws-2']);
    expect(names({ filter: 'all', query: '  ROAD ', sort: 'edited' })).toEqual(['ws-1', 'ws-3']);
    expect(names({ filter: 'all', query: 'untitled', sort: 'edited' })).toEqual(['ws-new']);
    expect(names({ filter: 'all', query: '', sort: 'title' })).toEqual(['ws-2', 'ws-1', 'ws-3', 'ws-new']);
    expect(names({ filter: 'mine', query: '', sort: 'created' })).toEqual(['ws-3', 'ws-1']);
  });
});
