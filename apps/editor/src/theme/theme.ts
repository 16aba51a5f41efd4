/** The colour theme: follow the operating system, or always light, or always dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_STORAGE_KEY = 'tandem.theme';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The stored choice, or `system` when there is none or it is not one of the three. */
export function parseTheme(raw: string | null): ThemeChoice {
  return THEME_CHOICES.find((choice) => choice === raw) ?? 'system';
}

/** The choice after `current` when the theme button is pressed: system → light → dark → system. */
export function nextTheme(current: ThemeChoice): ThemeChoice {
  return THEME_CHOICES[(THEME_CHOICES.indexOf(current) + 1) % THEME_CHOICES.length] ?? 'system';
}

/**
 * Runs before the first paint (inline in <head>): sets <html data-theme> from localStorage, so a
 * dark page never flashes light on load. Kept tiny and dependency-free; `parseTheme` is its twin.
 */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});document.documentElement.dataset.theme=t==="light"||t==="dark"?t:"system"}catch(e){}`;
