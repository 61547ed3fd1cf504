import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Items, Region, SubjectType } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';

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

/** A subject type's name in the UI language (its code until the reference list loads). */
export function useSubjectTypeName() {
  const { localName } = useI18n();
  const types = useSubjectTypes();
  return (code: string) =>
    localName(
      types.find((type) => type.code === code),
      code,
    );
}
