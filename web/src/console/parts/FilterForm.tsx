import { SearchOutlined } from '@ant-design/icons';
import { Button, Form } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

type Values = Record<string, unknown>;

/**
 * Inline filter bar: shows the current filters, applies them on submit, clears them on reset.
 * `toFilters` maps form values to URL filters (default: values as strings).
 */
export function FilterForm<V extends Values>({
  filters,
  onApply,
  toFilters = (values) =>
    Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value ? String(value) : ''])),
  children,
  testId,
}: {
  filters: Record<string, string>;
  onApply(filters: Record<string, string>): void;
  toFilters?: (values: V) => Record<string, string>;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const serialized = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the serialized filters
  useEffect(() => {
    form.setFieldsValue(
      Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, value || undefined])) as V,
    );
  }, [serialized, form]);
  return (
    <Form<V>
      form={form}
      layout="inline"
      onFinish={(values) => onApply(toFilters(values))}
      data-testid={testId}
    >
      {children}
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-submit">
          {t('common.search')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            onApply(Object.fromEntries(Object.keys(filters).map((key) => [key, ''])));
          }}
        >
          {t('common.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
