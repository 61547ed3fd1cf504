import { Descriptions, Empty, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ArchiveRow, ArchiveSection } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import { formatValue } from './format';

const isKeyValue = (rows: ArchiveRow[]) => rows.every((row) => 'label' in row && 'value' in row);

/** One archive section, rendered from its `columns` and `rows` only (never more than the API gives). */
export function ArchiveSectionView({ section }: { section: ArchiveSection }) {
  const { t } = useI18n();
  const { rows, columns } = section;
  let body: React.ReactNode;
  if (rows.length === 0) {
    body = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('common.empty')}
        data-testid="section-empty"
      />
    );
  } else if (isKeyValue(rows)) {
    body = (
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={rows.map((row, index) => ({
          key: index,
          label: formatValue(row.label),
          children: formatValue(row.value),
        }))}
      />
    );
  } else {
    // Record rows carry `recordId`: their decision number (or first column) links to the record page.
    const linkKey = columns.some((column) => column.key === 'decisionNo') ? 'decisionNo' : columns[0]?.key;
    body = (
      <Table<ArchiveRow>
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowKey={(row) => rows.indexOf(row)}
        dataSource={rows}
        columns={columns.map((column) => ({
          key: column.key,
          title: column.title,
          dataIndex: column.key,
          render: (value: unknown, row: ArchiveRow) =>
            column.key === linkKey && typeof row.recordId === 'string' ? (
              <Link to={`/records/${encodeURIComponent(row.recordId)}`} data-testid="archive-record-link">
                {formatValue(value)}
              </Link>
            ) : (
              formatValue(value)
            ),
        }))}
      />
    );
  }
  return (
    <section className="xy-archive-section" data-testid={`section-${section.key}`}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {section.title}
        {section.total > rows.length && (
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginLeft: 8 }}>
            {t('archive.partial', { total: section.total, shown: rows.length })}
          </Typography.Text>
        )}
      </Typography.Title>
      {body}
    </section>
  );
}
