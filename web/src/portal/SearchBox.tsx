import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/**
 * A portal search box (a `<search>` landmark around a real form, so Enter submits): the subject
 * search by default, or another search with its own placeholder, length limit and test ids.
 */
export function SearchBox({
  initial = '',
  size = 'large',
  placeholder,
  maxLength,
  testIds = { input: 'search-input', submit: 'search-button' },
  onSearch,
}: {
  initial?: string;
  size?: 'large' | 'middle';
  /** Also the input's accessible name (default: the subject search's). */
  placeholder?: string;
  maxLength?: number;
  testIds?: { input: string; submit: string };
  onSearch(q: string): void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  const label = placeholder ?? t('portal.search.placeholder');
  return (
    <search className="xy-search-box">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(value.trim());
        }}
      >
        <Space.Compact block size={size}>
          <Input
            allowClear
            value={value}
            maxLength={maxLength}
            onChange={(event) => setValue(event.target.value)}
            placeholder={label}
            aria-label={label}
            data-testid={testIds.input}
            prefix={<SearchOutlined />}
          />
          <Button type="primary" htmlType="submit" data-testid={testIds.submit}>
            {t('common.search')}
          </Button>
        </Space.Compact>
      </form>
    </search>
  );
}
