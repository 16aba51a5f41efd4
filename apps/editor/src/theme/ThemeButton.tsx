'use client';

import { useEffect, useState } from 'react';
import { nextTheme, parseTheme, THEME_STORAGE_KEY, type ThemeChoice } from './theme';
import { StrokeIcon } from '@/shell/StrokeIcon';

const labels: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' };

function ThemeIcon({ choice }: { choice: ThemeChoice }) {
  const path =
    choice === 'dark'
      ? 'M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z'
      : choice === 'light'
        ? 'M12 4V2m0 20v-2m8-8h2M2 12h2m13.7-5.7 1.4-1.4M4.9 19.1l1.4-1.4m0-11.4L4.9 4.9m14.2 14.2-1.4-1.4M16 12a4 4 0 1 1-8 0 4 4 0 0 1 8 0Z'
        : 'M4 5h16v11H4zM9 20h6m-3-4v4';
  return (
    <StrokeIcon size={16}>
      <path d={path} />
    </StrokeIcon>
  );
}

/**
 * Switches the colour theme (system → light → dark), remembered in this browser. The choice lives
 * on <html data-theme>, which the inline boot script sets before the first paint.
 */
export function ThemeButton() {
  const [choice, setChoice] = useState<ThemeChoice>('system');
  useEffect(() => setChoice(parseTheme(document.documentElement.dataset.theme ?? null)), []);
  const choose = () => {
    const next = nextTheme(choice);
    setChoice(next);
    document.documentElement.dataset.theme = next;
    localStorage.setItem(THEME_STORAGE_KEY, next);
  };
  return (
    <button
      type="button"
      className="button button--ghost theme-button"
      data-testid="theme-button"
      data-theme-choice={choice}
      aria-label={`${labels[choice]} (change)`}
      title={`${labels[choice]}: click to change`}
      onClick={choose}
    >
      <ThemeIcon choice={choice} />
    </button>
  );
}
