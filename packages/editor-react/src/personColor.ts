/**
 * Colours for people in one document, each carrying white text (avatars, caret labels). Twelve, so
 * that a dozen people can all be told apart.
 */
export const PERSON_COLORS = [
  '#e11d48',
  '#c026d3',
  '#7c3aed',
  '#4f46e5',
  '#2563eb',
  '#0e7490',
  '#047857',
  '#c2410c',
  '#b45309',
  '#be185d',
  '#4d7c0f',
  '#475569',
] as const;

/** Another tab present in the document: its person and the colour it shows. */
export interface ColorHolder {
  clientId: number;
  key: string;
  color: string;
}

/**
 * The colour this person shows in this document: the one they chose, unless another person who
 * was given it first (the lower awareness client id) shows it; then the first palette colour no
 * other person shows (their own choice when all are taken). Every client decides only for itself
 * and the lower id always keeps its colour, so a document settles with no two people alike.
 */
export function chooseColor(
  preferred: string,
  self: { clientId: number; key: string },
  others: readonly ColorHolder[],
  palette: readonly string[] = PERSON_COLORS,
): string {
  const people = others.filter((other) => other.key !== self.key);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!people.some((other) => same(other.color, preferred) && other.clientId < self.clientId)) return preferred;
  return palette.find((color) => !same(color, preferred) && !people.some((other) => same(other.color, color))) ?? preferred;
}

function luminance(hex: string): number | null {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (match === null) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const v = Number.parseInt((match[1] as string).slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * White, or near-black where white would not reach the 4.5:1 contrast small text needs (a light
 * colour someone chose): the text colour for a name or initials on `background` (`#rrggbb`).
 */
export function readableTextOn(background: string): string {
  const l = luminance(background);
  if (l === null) return '#ffffff';
  return 1.05 / (l + 0.05) >= 4.5 ? '#ffffff' : '#111111';
}
