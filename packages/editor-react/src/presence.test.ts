import { describe, expect, it } from 'vitest';
import { diffPeople, initials, readPeople, typingSentence } from './presence.js';

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
});

describe('diffPeople', () => {
  it('reports others who joined and left, never yourself', () => {
    const before = readPeople(states([[1, { user: { name: 'Me', color: '#000' } }], [2, { user: { name: 'Ada', color: '#111' } }]]), 1);
    const after = readPeople(states([[1, { user: { name: 'Me', color: '#000' } }], [3, { user: { name: 'Bo', color: '#222' } }]]), 1);
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
  const person = (clientId: number, name: string, typing: boolean, isSelf = false) => ({ clientId, name, color: '#000', typing, isSelf, away: false });
  it('names who else is typing', () => {
    expect(typingSentence([person(1, 'Me', true, true)])).toBeNull();
    expect(typingSentence([person(2, 'Ada', true), person(3, 'Bo', false)])).toBe('Ada is typing…');
    expect(typingSentence([person(2, 'Ada', true), person(3, 'Bo', true)])).toBe('Ada and Bo are typing…');
    expect(typingSentence([person(2, 'Ada', true), person(3, 'Bo', true), person(4, 'Cy', true)])).toBe('3 people are typing…');
  });
});
