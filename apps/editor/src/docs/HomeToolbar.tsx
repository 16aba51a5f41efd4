'use client';

import type { HomeFilter, HomeSort } from './homeRows';

export type HomeTab = HomeFilter | 'trash';

const TABS: { value: HomeTab; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'mine', label: 'Mine' },
  { value: 'shared', label: 'Shared with me' },
  { value: 'trash', label: 'Trash' },
];

/** What the list shows (a radio group: arrow keys move between them), a title search and the order. */
export function HomeToolbar({
  tab,
  onTab,
  query,
  onQuery,
  sort,
  onSort,
  showTrash,
}: {
  tab: HomeTab;
  onTab: (tab: HomeTab) => void;
  query: string;
  onQuery: (query: string) => void;
  sort: HomeSort;
  onSort: (sort: HomeSort) => void;
  /** The trash is for those who may restore something (owners, admins, members), not guests. */
  showTrash: boolean;
}) {
  return (
    <div className="home-toolbar">
      <fieldset className="home-tabs">
        <legend className="visually-hidden">Show</legend>
        {TABS.filter((t) => showTrash || t.value !== 'trash').map((t) => (
          <label key={t.value} className="home-tabs__tab">
            <input
              type="radio"
              name="home-tab"
              value={t.value}
              checked={tab === t.value}
              onChange={() => onTab(t.value)}
              data-testid={`filter-${t.value}`}
            />
            <span>{t.label}</span>
          </label>
        ))}
      </fieldset>
      {tab !== 'trash' && (
        <div className="home-toolbar__search">
          <input
            type="search"
            className="field__input home-toolbar__query"
            aria-label="Search documents by title"
            placeholder="Search by title"
            value={query}
            onChange={(event) => onQuery(event.target.value)}
            data-testid="doc-search"
          />
          <label className="home-toolbar__sort">
            <span>Sort by</span>
            <select
              className="field__input"
              value={sort}
              onChange={(event) => onSort(event.target.value as HomeSort)}
              data-testid="doc-sort"
            >
              <option value="edited">Last edited</option>
              <option value="created">Created</option>
              <option value="title">Title</option>
            </select>
          </label>
        </div>
      )}
    </div>
  );
}
