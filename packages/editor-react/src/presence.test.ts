import { describe, expect, it } from 'vitest';
import { diffPeople, initials, readPeople, samePeople, typingSentence } from './presence.js';

const states = (entries: Array<[number, Record<string, unknown>]>) => new Map(entries);

describe('readPeople', () => {
  it('lists states that carry a user, yourself first, then by name', () => {
    const people = readPeople(
      states([
        [3, { user: { name: 'Zoe', color: '#111' }, typing: true }],
        [1, { user: { name: 'Ada', color: '#222' }, away: true }],
        [2, { user: { name: 'Me', color: '#333' } }],
        [4, { cursor: null }],
        [5, { user: { name: 42, color: '#444' } }],
      ]),
      2,
    );
    expect(people.map((p) => [p.clientId, p.name, p.isSelf, p.away, p.typing])).toEqual([
      [2, 'Me', true, false, false],
      [1, 'Ada', false, true, false],
      [3, 'Zoe', false, false, true],
    ]);
  });

  it('counts the tabs of one person once: away when all are, typing when any is, a viewer when all are', () => {
    const ada = { name: 'Ada', color: '#E11D48' };
    const people = readPeople(
      states([
        [9, { user: ada, away: true, viewer: true }],
        [4, { user: { ...ada, color: '#e11d48' }, typing: true, away: false, viewer: true }],
        [6, { user: { name: 'Ada', color: '#2563eb' }, away: true }],
        [7, { user: { name: 'Grace', color: '#111', key: 'id:g' }, viewer: true }],
        [8, { user: { name: 'Grace H.', color: '#222', key: 'id:g' } }],
        [1, { user: { name: 'Me', color: '#333' } }],
        [2, { user: { name: 'Me', color: '#333' }, typing: true }],
      ]),
      2,
      (clientId) => clientId !== 4,
    );
    expect(people.map((p) => [p.name, p.clientId, p.clientIds, p.isSelf, p.away, p.typing, p.viewer])).toEqual([
      ['Me', 2, [1, 2], true, false, true, false],
      ['Ada', 4, [4, 9], false, false, false, true],
      ['Ada', 6, [6], false, true, false, false],
      ['Grace', 7, [7, 8], false, false, false, false],
    ]);
  });
});

describe('diffPeople', () => {
  it('reports others who joined and left, never yourself', () => {
    const before = readPeople(
      states([
        [1, { user: { name: 'Me', color: '#000' } }],
        [2, { user: { name: 'Ada', color: '#111' } }],
      ]),
      1,
    );
    const after = readPeople(
      states([
        [1, { user: { name: 'Me', color: '#000' } }],
        [3, { user: { name: 'Bo', color: '#222' } }],
      ]),
      1,
    );
    const { joined, left } = diffPeople(before, after);
    expect(joined.map((p) => p.name)).toEqual(['Bo']);
    expect(left.map((p) => p.name)).toEqual(['Ada']);
    expect(diffPeople([], after).joined.map((p) => p.name)).toEqual(['Bo']);
  });
});

describe('initials', () => {
  it('uses the first and last word, or two letters of a single word', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace  brewster  hopper ')).toBe('GH');
    expect(initials('linus')).toBe('LI');
    expect(initials('Ø')).toBe('Ø');
    expect(initials('   ')).toBe('?');
  });
});

describe('typingSentence', () => {
  const person = (clientId: number, name: string, typing: boolean, isSelf = false) => ({
    clientId,
    clientIds: [clientId],
    key: name,
    name,
    color: '#000',
    typing,
    isSelf,
    away: false,
    viewer: false,
  });
  it('names who else is typing', () => {
    expect(typingSentence([person(1, 'Me', true, true)])).toBeNull();
    expect(typingSentence([person(2, 'Ada', true), person(3, 'Bo', false)])).toBe('Ada is typing…');
    expect(typingSentence([person(2, 'Ada', true), person(3, 'Bo', true)])).toBe('Ada and Bo are typing…');
    expect(typingSentence([person(2, 'Ada', true), person(3, 'Bo', true), person(4, 'Cy', true)])).toBe('3 people are typing…');
  });
});

describe('samePeople', () => {
  const ada = {
    clientId: 2,
    clientIds: [2],
    key: 'ada',
    name: 'Ada',
    color: '#e11d48',
    typing: false,
    isSelf: false,
    away: false,
    viewer: false,
  };
  it('holds for an equal list (a caret that moved changes nothing people see), not for any field that differs', () => {
    expect(samePeople([ada], [{ ...ada, clientIds: [2] }])).toBe(true);
    for (const change of [
      { typing: true },
      { away: true },
      { name: 'Ada L.' },
      { color: '#000000' },
      { clientIds: [2, 5] },
      { viewer: true },
    ]) {
      expect(samePeople([ada], [{ ...ada, ...change }]), JSON.stringify(change)).toBe(false);
    }
    expect(samePeople([ada], [])).toBe(false);
  });
});
