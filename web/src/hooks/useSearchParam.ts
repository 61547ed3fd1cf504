import { useSearchParams } from 'react-router-dom';

/**
 * URL query parameters as state (filters, the tab, the open drawer), so a view can be linked to.
 * `set` changes the given keys (null or '' removes one) and keeps every other parameter.
 */
export function useUrlParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as Record<K, string>;
  const set = (patch: Partial<Record<K, string | null>>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries<string | null | undefined>(patch))
        value ? next.set(key, value) : next.delete(key);
      return next;
    });
  return [values, set] as const;
}

/** One URL query parameter as state: null when absent. */
export function useSearchParam(name: string): [string | null, (value: string | null) => void] {
  const [values, set] = useUrlParams([name]);
  return [values[name] || null, (value) => set({ [name]: value })];
}
