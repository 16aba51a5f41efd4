import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLLABORATORS_FIELD, collaboratorOrigin, readCollaborators, recordCollaborator } from './collaborators.js';
import { mentionCandidates } from './mentionCandidates.js';
import type { Person } from './presence.js';

const person = (name: string, color: string, extra: Partial<Person> = {}): Person => ({
  name,
  color,
  key: `user:${name}`,
  clientId: 1,
  clientIds: [1],
  isSelf: false,
  away: false,
  typing: false,
  viewer: false,
  ...extra,
});

describe('mention candidates', () => {
  const here = [person('Ada Lovelace', '#e11d48', { isSelf: true }), person('Grace Hopper', '#059669'), person('Alan Turing', '#7c3aed')];
  const known = new Map([
    ['user:Carol Shaw', { name: 'Carol Shaw', color: '#2563eb' }],
    ['user:Grace Hopper', { name: 'Grace Hopper', color: '#059669' }],
    ['user:Barbara Liskov', { name: 'Barbara Liskov', color: '#d97706' }],
  ]);

  it('lists the others present, then those who were here, then yourself, each by name', () => {
    expect(mentionCandidates(here, known, '').map((c) => [c.label, c.present])).toEqual([
      ['Alan Turing', true],
      ['Grace Hopper', true],
      ['Barbara Liskov', false],
      ['Carol Shaw', false],
      ['Ada Lovelace', true],
    ]);
  });

  it('matches the start of any word of the name, case-insensitively', () => {
    expect(mentionCandidates(here, known, 'ho').map((c) => c.label)).toEqual(['Grace Hopper']);
    expect(mentionCandidates(here, known, 'CAR').map((c) => c.label)).toEqual(['Carol Shaw']);
    expect(mentionCandidates(here, known, 'a').map((c) => c.label)).toEqual(['Alan Turing', 'Ada Lovelace']);
    expect(mentionCandidates(here, known, 'grace h').map((c) => c.label)).toEqual(['Grace Hopper']);
    expect(mentionCandidates(here, known, 'zed')).toEqual([]);
  });

  it('records a collaborator once, again only when their name or colour changed, without counting as typing', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    expect(recordCollaborator(doc, 'user:Ada', { name: 'Ada', color: '#e11d48' })).toBe(true);
    expect(recordCollaborator(doc, 'user:Ada', { name: 'Ada', color: '#e11d48' })).toBe(false);
    expect(recordCollaborator(doc, 'user:Ada', { name: 'Ada L.', color: '#e11d48' })).toBe(true);
    expect(origins).toEqual([collaboratorOrigin, collaboratorOrigin]);
    // Entries of another shape (anyone who can write can write there) are left out.
    doc.getMap(COLLABORATORS_FIELD).set('user:evil', { name: 'Evil', color: 'red; background: url(x)' });
    doc.getMap(COLLABORATORS_FIELD).set('user:odd', 42);
    expect([...readCollaborators(doc)]).toEqual([['user:Ada', { name: 'Ada L.', color: '#e11d48' }]]);
  });
});
