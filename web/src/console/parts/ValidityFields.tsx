import { Form, Input, Space } from 'antd';
import { type DecidedListType, MAX_VALIDITY_YEARS } from '../../api/lists-types';
import { useI18n } from '../../i18n/I18nProvider';
import { useRequiredRule } from './useRequiredRule';

/**
 * The `validFrom` and `validTo` date fields of a list entry, the latter not before the former and
 * hinted with the longest validity of `listType` (the server checks it: `LIST_VALIDITY_INVALID`).
 */
export function ValidityFields({ listType }: { listType?: DecidedListType }) {
  const { t } = useI18n();
  const requiredRule = useRequiredRule();
  return (
    <Space wrap size={16}>
      <Form.Item name="validFrom" label={t('lists.validFrom')} rules={[requiredRule(t('lists.validFrom'))]}>
        <Input type="date" data-testid="validity-from" />
      </Form.Item>
      <Form.Item
        name="validTo"
        label={t('lists.validTo')}
        dependencies={['validFrom']}
        extra={listType && t('lists.maxValidity', { n: MAX_VALIDITY_YEARS[listType] })}
        rules={[
          requiredRule(t('lists.validTo')),
          ({ getFieldValue }) => ({
            validator: (_, value?: string) =>
              !value || value >= getFieldValue('validFrom')
                ? Promise.resolve()
                : Promise.reject(new Error(t('lists.validToRule'))),
          }),
        ]}
      >
        <Input type="date" data-testid="validity-to" />
      </Form.Item>
    </Space>
  );
}
