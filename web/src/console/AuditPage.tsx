import { DatePicker, Form, type GetProps, Input, Tag, Typography } from 'antd';
import type { AuditEntry } from '../api/types';
import { formatDateTime } from '../components/format';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import { FilterForm } from './parts/FilterForm';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';

const FILTERS = ['actor', 'action', 'targetType', 'from', 'to'] as const;
type Range = GetProps<typeof DatePicker.RangePicker>['value'];
type AuditFilters = { actor?: string; action?: string; targetType?: string; range?: Range };

/** 审计日志: filterable audit trail with the JSON detail of each entry. */
export default function AuditPage() {
  const { t } = useI18n();
  const query = usePagedQuery<AuditEntry>('/audit', FILTERS);
  const { from, to, ...textFilters } = query.filters;

  return (
    <ListCard
      title={t('console.menu.audit')}
      filters={
        <FilterForm<AuditFilters>
          filters={textFilters}
          testId="audit-filters"
          onApply={query.setFilters}
          toFilters={({ range, ...values }) => ({
            actor: values.actor ?? '',
            action: values.action ?? '',
            targetType: values.targetType ?? '',
            // Whole days in the browser's time zone (Asia/Shanghai for the platform's users).
            from: range?.[0]?.startOf('day').toISOString() ?? '',
            to: range?.[1]?.endOf('day').toISOString() ?? '',
          })}
        >
          <Form.Item name="actor">
            <Input allowClear placeholder={t('audit.actor')} data-testid="audit-actor" />
          </Form.Item>
          <Form.Item name="action">
            <Input allowClear placeholder={t('audit.action')} data-testid="audit-action" />
          </Form.Item>
          <Form.Item name="targetType">
            <Input allowClear placeholder={t('audit.targetType')} data-testid="audit-target-type" />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker data-testid="audit-range" />
          </Form.Item>
        </FilterForm>
      }
    >
      {(from || to) && (
        <Typography.Paragraph type="secondary">
          {t('audit.dateRange')}: {formatDateTime(from)} ~ {formatDateTime(to)}
        </Typography.Paragraph>
      )}
      <PagedTable<AuditEntry>
        query={query}
        testId="audit-table"
        rowKey="id"
        expandable={{
          expandedRowRender: (entry) => (
            <pre className="xy-json" data-testid="audit-detail">
              {JSON.stringify(entry.detail, null, 2)}
            </pre>
          ),
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: formatDateTime },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_, entry) => (
              <>
                <Tag>{entry.actorType}</Tag>
                {entry.actorName ?? entry.actorId ?? '—'}
              </>
            ),
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
          },
          {
            title: t('audit.target'),
            key: 'target',
            render: (_, entry) => (entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—'),
          },
          { title: t('subject.region'), dataIndex: 'regionCode', render: (value) => value ?? '—' },
          { title: t('audit.ip'), dataIndex: 'ip', render: (value) => value ?? '—' },
        ]}
      />
    </ListCard>
  );
}
