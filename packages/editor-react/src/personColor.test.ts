import { describe, expect, it } from 'vitest';
import { chooseColor, PERSON_COLORS, readableTextOn } from './personColor.js';

const RED = '#e11d48';

describe('chooseColor', () => {
  it('keeps your colour when nobody else shows it, or only people who came later', () => {
    expect(chooseColor(RED, { clientId: 5, key: 'ada' }, [{ clientId: 2, key: 'grace', color: '#2563eb' }])).toBe(RED);
    expect(chooseColor(RED, { clientId: 5, key: 'ada' }, [{ clientId: 9, key: 'grace', color: RED }])).toBe(RED);
  });

  it('yields to the earlier person with the first palette colour nobody shows', () => {
    const others = [
      { clientId: 1, key: 'grace', color: RED.toUpperCase() },
      { clientId: 3, key: 'linus', color: PERSON_COLORS[1] },
    ];
    expect(chooseColor(RED, { clientId: 5, key: 'ada' }, others)).toBe(PERSON_COLORS[2]);
  });

  it('your own other tabs are not someone else', () => {
    expect(chooseColor(RED, { clientId: 5, key: 'ada' }, [{ clientId: 1, key: 'ada', color: RED }])).toBe(RED);
  });

  it('keeps your colour when the whole palette is taken', () => {
    const others = ['#000001', '#000002'].map((color, index) => ({ clientId: index, key: `p${index}`, color }));
    expect(chooseColor('#000001', { clientId: 9, key: 'me' }, others, ['#000001', '#000002'])).toBe('#000001');
  });
});

describe('readableTextOn', () => {
  it('white on the palette, near-black on colours too light for white', () => {
    for (const color of PERSON_COLORS) expect(readableTextOn(color)).toBe('#ffffff');
    expect(readableTextOn('#059669')).toBe('#111111');
    expect(readableTextOn('#FACC15')).toBe('#111111');
    expect(readableTextOn('not a colour')).toBe('#ffffff');
  });
});
