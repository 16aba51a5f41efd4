import { describe, expect, it } from 'vitest';
import { nameProblem, PALETTE, parseIdentity, randomColor } from './identity';

describe('parseIdentity', () => {
  it('reads a stored identity and trims the name', () => {
    expect(parseIdentity(JSON.stringify({ name: '  Ada ', color: '#e11d48' }))).toEqual({ name: 'Ada', color: '#e11d48' });
  });

  it('treats missing or unusable storage as a first visit', () => {
    for (const raw of [null, '', 'not json', '42', '{"name":"","color":"#e11d48"}', '{"name":"Ada","color":"red"}', '{"name":"Ada"}']) {
      expect(parseIdentity(raw), String(raw)).toBeNull();
    }
  });
});

describe('nameProblem / randomColor', () => {
  it('asks for a non-empty name of reasonable length', () => {
    expect(nameProblem('Ada')).toBeNull();
    expect(nameProblem('   ')).toBe('Please enter a name.');
    expect(nameProblem('x'.repeat(41))).toMatch(/under 40/);
  });

  it('picks colours from the palette', () => {
    expect(randomColor(() => 0)).toBe(PALETTE[0]);
    expect(randomColor(() => 0.9999)).toBe(PALETTE[PALETTE.length - 1]);
  });
});
