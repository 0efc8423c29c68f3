/** Model names: lower-case letters, digits, `.`, `_`, `-`; start with a letter or digit; at most 100. */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** Version lifecycle states known so far (governance adds the approval states). */
export const VERSION_STATUSES = ['registered', 'archived'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** Which status changes a version may make; everything else is refused. */
export function canTransition(from: VersionStatus, to: VersionStatus): boolean {
  switch (from) {
    case 'registered':
      return to === 'archived';
    case 'archived':
      return false;
  }
}
