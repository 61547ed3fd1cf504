/** The fields of `next` that differ from `previous` (null and undefined count as equal): a minimal PATCH body. */
export function changedFields<T extends object>(previous: object, next: T): Partial<T> {
  const before = previous as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => (value ?? null) !== (before[key] ?? null)),
  ) as Partial<T>;
}

/** `body` without null or undefined values (for creation, where absent means "none"). */
export function withoutEmpty<T extends object>(body: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<T>;
}
