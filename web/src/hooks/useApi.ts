import { useCallback, useEffect, useState } from 'react';
import { type ApiError, api, toApiError } from '../api/client';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** GETs `path` (relative to /api/v1) whenever it changes; `null` skips the request. */
export function useApi<T>(path: string | null): ApiState<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: !!path });
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` forces a reload
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    api.get<T>(path, controller.signal).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ error: toApiError(error), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
