import type { VersionInfo } from './historyApi.js';

export interface VersionDay {
  /** `YYYY-MM-DD` in local time (a stable key). */
  key: string;
  /** "Today", "Yesterday", or the date. */
  label: string;
  versions: VersionInfo[];
}

const dayKey = (time: number): string => {
  const date = new Date(time);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

/** Versions (newest first) grouped by local day, newest day first, labelled for people. */
export function groupByDay(versions: readonly VersionInfo[], now = Date.now(), locale?: string): VersionDay[] {
  const today = dayKey(now);
  const yesterday = dayKey(now - 24 * 60 * 60 * 1000);
  const days: VersionDay[] = [];
  for (const version of versions) {
    const key = dayKey(version.createdAt);
    let day = days.at(-1);
    if (day === undefined || day.key !== key) {
      const label =
        key === today
          ? 'Today'
          : key === yesterday
            ? 'Yesterday'
            : new Date(version.createdAt).toLocaleDateString(locale, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
      day = { key, label, versions: [] };
      days.push(day);
    }
    day.versions.push(version);
  }
  return days;
}

/** A person as the history shows them: the author id from their token (`demo:Ada` shows as Ada). */
export function authorName(author: string | null): string {
  if (author === null || author === '') return 'Someone';
  return author.replace(/^demo:/, '');
}
