import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { CatalogueItem, FieldSpec } from '../../api/records-types';
import type { Items } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';

/** Validation codes of a rejected row (docs/api-contract.md, "Intake"). */
export const RECORD_ERROR_CODES = [
  'UNKNOWN_FIELD',
  'DUPLICATE_FIELD',
  'INVALID_TYPE',
  'REQUIRED',
  'TOO_LONG',
  'INVALID_DATE',
  'DATE_IN_FUTURE',
  'INVALID_PERIOD',
  'INVALID_AMOUNT',
  'NEGATIVE_AMOUNT',
  'UNKNOWN_VALUE',
  'INVALID_USCC',
  'INVALID_ID_NUMBER',
  'AUTHORITY_OUT_OF_SCOPE',
  'RECORD_WITHDRAWN',
  'EXTRA_CELLS',
] as const;

export const DEFAULT_ITEM = 'ADMIN_PENALTY';

let itemsPromise: Promise<CatalogueItem[]> | null = null;

/** The current catalogue items (with their fields), fetched once and shared by the intake pages. */
export function useCatalogueItems(): CatalogueItem[] {
  const [items, setItems] = useState<CatalogueItem[]>([]);
  useEffect(() => {
    if (!itemsPromise) {
      itemsPromise = api.get<Items<CatalogueItem>>('/catalogue/items').then((response) => response.items);
      itemsPromise.catch(() => {
        itemsPromise = null;
      });
    }
    let live = true;
    itemsPromise.then((list) => live && setItems(list)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return items;
}

/** `name` of an item in the UI language, or its code while the catalogue loads. */
export function useItemName() {
  const { localName } = useI18n();
  const items = useCatalogueItems();
  return (code: string) => {
    const item = items.find((candidate) => candidate.code === code);
    return item ? localName({ name: item.name, nameEn: item.nameEn }) : code;
  };
}

/** Catalogue items to choose from, searchable by name or code. */
export function CatalogueItemSelect(props: SelectProps<string>) {
  const { localName } = useI18n();
  const items = useCatalogueItems();
  return (
    <Select<string>
      showSearch={{ optionFilterProp: ['label', 'value'] }}
      popupMatchSelectWidth={false}
      style={{ width: 260 }}
      options={items.map((item) => ({
        value: item.code,
        label: localName({ name: item.name, nameEn: item.nameEn }),
      }))}
      {...props}
    />
  );
}

const nameKey = (name: string) => name.trim().toUpperCase();

/** The field a submitted column names: its code, Chinese label or an alias (as the server matches them). */
export function fieldForColumn(item: CatalogueItem | undefined, column: string): FieldSpec | undefined {
  const key = nameKey(column);
  return item?.fields.find((field) =>
    [field.code, field.label, ...(field.aliases ?? [])].some((name) => nameKey(name) === key),
  );
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A CSV template (UTF-8 with BOM, so Excel reads it) whose header row holds the item's field labels. */
export function csvTemplate(item: CatalogueItem): string {
  return `\uFEFF${item.fields.map((field) => csvCell(field.label)).join(',')}\r\n`;
}
