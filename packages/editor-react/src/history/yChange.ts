/** How a comparison marks a change (y-prosemirror's `ychange`): who, and added or removed. */
export interface YChangeAttrs {
  type: 'added' | 'removed';
  user: string;
}

export interface YChangeOptions {
  colorOf: (author: string | null) => string;
  nameOf: (author: string | null) => string;
}

/** A change as its title says it: "Added by Grace Hopper". */
export const describeChange = (change: YChangeAttrs, nameOf: YChangeOptions['nameOf']) =>
  `${change.type === 'added' ? 'Added' : 'Removed'} by ${nameOf(change.user)}`;
