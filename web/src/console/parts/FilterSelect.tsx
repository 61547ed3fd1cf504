import { Form, Select } from 'antd';

/**
 * One field of a `FilterForm`: a choice among `codes`, each shown as `label(code)`.
 * `required` filters (e.g. a grouping) cannot be cleared.
 */
export function FilterSelect<C extends string>({
  name,
  title,
  codes,
  label,
  width,
  required = false,
  testId,
}: {
  name: string;
  /** The placeholder, or the label of a required filter. */
  title: string;
  codes: readonly C[];
  label(code: C): string;
  width: number;
  required?: boolean;
  testId: string;
}) {
  return (
    <Form.Item name={name} label={required ? title : undefined}>
      <Select
        allowClear={!required}
        placeholder={title}
        style={{ width }}
        popupMatchSelectWidth={false}
        data-testid={testId}
        options={codes.map((value) => ({ value, label: label(value) }))}
      />
    </Form.Item>
  );
}
