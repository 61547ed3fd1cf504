import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** The portal search box (a `<search>` landmark around a real form, so Enter submits). */
export function SearchBox({
  initial = '',
  size = 'large',
  onSearch,
}: {
  initial?: string;
  size?: 'large' | 'middle';
  onSearch(q: string): void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
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
            onChange={(event) => setValue(event.target.value)}
            placeholder={t('portal.search.placeholder')}
            aria-label={t('portal.search.placeholder')}
            data-testid="search-input"
            prefix={<SearchOutlined />}
          />
          <Button type="primary" htmlType="submit" data-testid="search-button">
            {t('common.search')}
          </Button>
        </Space.Compact>
      </form>
    </search>
  );
}
