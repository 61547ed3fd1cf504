import type { HTMLAttributes } from 'react';

/**
 * `onRow` attributes of a table row for tests and links: `data-testid` and `data-{key}` for each of
 * `data` (e.g. `{ 'entry-id': 'L…' }` → `data-entry-id`).
 */
export function rowAttributes(
  testId: string,
  data: Record<string, string | number> = {},
): HTMLAttributes<HTMLElement> {
  return Object.fromEntries([
    ['data-testid', testId],
    ...Object.entries(data).map(([key, value]) => [`data-${key}`, value]),
  ]) as HTMLAttributes<HTMLElement>;
}
