import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Items, Region, SubjectType } from '../api/types';

const cache = new Map<string, Promise<unknown[]>>();

/** Reference lists that never change while the page is open: fetched once, shared by every component. */
function useReferenceList<T>(path: string): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    let promise = cache.get(path);
    if (!promise) {
      promise = api.get<Items<unknown>>(path).then((response) => response.items);
      promise.catch(() => cache.delete(path));
      cache.set(path, promise);
    }
    let live = true;
    promise.then((list) => live && setItems(list as T[])).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [path]);
  return items;
}

export const useRegions = () => useReferenceList<Region>('/regions');
export const useSubjectTypes = () => useReferenceList<SubjectType>('/subject-types');
