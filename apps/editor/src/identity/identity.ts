/** Who you are in Tandem: a display name and a colour, kept in this browser's localStorage. */
export interface Identity {
  name: string;
  color: string;
}

export const IDENTITY_STORAGE_KEY = 'tandem.identity';
export const MAX_NAME_LENGTH = 40;

/** Colours that carry white text at 4.5:1 or better, for carets, labels and avatars (the editor's palette). */
export const PALETTE = ['#e11d48', '#c026d3', '#7c3aed', '#4f46e5', '#2563eb', '#0e7490', '#047857', '#c2410c'] as const;

export function randomColor(random: () => number = Math.random): string {
  return PALETTE[Math.floor(random() * PALETTE.length) % PALETTE.length] ?? PALETTE[0];
}

/** Why `name` cannot be used, or null when it can. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'Please enter a name.';
  if (trimmed.length > MAX_NAME_LENGTH) return `Please keep it under ${MAX_NAME_LENGTH} characters.`;
  return null;
}

const colorPattern = /^#[0-9a-f]{6}$/i;

/** The stored identity, or null when there is none or it is unusable (then we ask again). */
export function parseIdentity(raw: string | null): Identity | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { name, color } = value as Record<string, unknown>;
  if (typeof name !== 'string' || nameProblem(name) !== null) return null;
  if (typeof color !== 'string' || !colorPattern.test(color)) return null;
  return { name: name.trim(), color };
}
