import { Icon } from './icons.js';

/** Icons of the formatting added with @tandem/schema (after Lucide, ISC licence). */
export const UnderlineIcon = () => (
  <Icon>
    <path d="M6 4v6a6 6 0 0 0 12 0V4" />
    <line x1="4" x2="20" y1="20" y2="20" />
  </Icon>
);
export const HighlightIcon = () => (
  <Icon>
    <path d="m9 11-6 6v3h9l3-3" />
    <path d="m22 12-4.6 4.6a2 2 0 0 1-2.8 0l-5.2-5.2a2 2 0 0 1 0-2.8L14 4" />
  </Icon>
);
export const SubscriptIcon = () => (
  <Icon>
    <path d="m4 5 8 8" />
    <path d="m12 5-8 8" />
    <path d="M20 19h-4c0-1.5.44-2 1.5-2.5S20 15.33 20 14c0-.47-.17-.93-.48-1.29a2.11 2.11 0 0 0-2.62-.44c-.42.24-.74.62-.9 1.07" />
  </Icon>
);
export const SuperscriptIcon = () => (
  <Icon>
    <path d="m4 19 8-8" />
    <path d="m12 19-8-8" />
    <path d="M20 12h-4c0-1.5.44-2 1.5-2.5S20 8.33 20 7c0-.47-.17-.93-.48-1.29a2.11 2.11 0 0 0-2.62-.44c-.42.24-.74.62-.9 1.07" />
  </Icon>
);
export const LinkIcon = () => (
  <Icon>
    <path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" />
    <path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" />
  </Icon>
);
export const TaskListIcon = () => (
  <Icon>
    <rect x="3" y="5" width="6" height="6" rx="1" />
    <path d="m3 17 2 2 4-4" />
    <path d="M13 6h8" />
    <path d="M13 12h8" />
    <path d="M13 18h8" />
  </Icon>
);
export const RuleIcon = () => (
  <Icon>
    <path d="M5 12h14" />
  </Icon>
);
export const TableIcon = () => (
  <Icon>
    <path d="M12 3v18" />
    <rect width="18" height="18" x="3" y="3" rx="2" />
    <path d="M3 9h18" />
    <path d="M3 15h18" />
  </Icon>
);
const alignPaths = {
  left: ['M15 12H3', 'M17 18H3', 'M21 6H3'],
  center: ['M17 12H7', 'M19 18H5', 'M21 6H3'],
  right: ['M21 12H9', 'M21 18H7', 'M21 6H3'],
  justify: ['M3 12h18', 'M3 18h18', 'M3 6h18'],
} as const;
export const AlignIcon = ({ alignment }: { alignment: keyof typeof alignPaths }) => (
  <Icon>
    {alignPaths[alignment].map((d) => (
      <path key={d} d={d} />
    ))}
  </Icon>
);
export const ImageIcon = () => (
  <Icon>
    <rect width="18" height="18" x="3" y="3" rx="2" />
    <circle cx="9" cy="9" r="2" />
    <path d="m21 15-3.09-3.09a2 2 0 0 0-2.82 0L6 21" />
  </Icon>
);
