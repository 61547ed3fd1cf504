import { Card, Form, Input, Select } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { SUBJECT_STATUSES, type SubjectSummary } from '../api/types';
import { SubjectTags } from '../components/SubjectTags';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useSubjectTypes } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { FilterForm } from './parts/FilterForm';
import { PagedTable } from './parts/PagedTable';
import { RegionTreeSelect } from './parts/RegionTreeSelect';

const FILTERS = ['q', 'type', 'region', 'status'] as const;
const detailPath = (subject: SubjectSummary) => `/console/subjects/${encodeURIComponent(subject.id)}`;

/** 信用主体: server-paged subject table with keyword, type, region and status filters. */
export default function SubjectsPage() {
  const { t, localName } = useI18n();
  const navigate = useNavigate();
  const query = usePagedQuery<SubjectSummary>('/subjects', FILTERS);
  const types = useSubjectTypes();
  useDocumentTitle(t('console.menu.subjects'));

  return (
    <Card title={t('console.menu.subjects')}>
      <div className="xy-toolbar">
        <FilterForm filters={query.filters} onApply={query.setFilters} testId="subjects-filters">
          <Form.Item name="q">
            <Input
              allowClear
              placeholder={t('subjects.keyword')}
              data-testid="subjects-keyword"
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item name="type">
            <Select
              allowClear
              placeholder={t('subjects.filterType')}
              style={{ width: 140 }}
              data-testid="subjects-type"
              options={types.map((type) => ({ value: type.code, label: localName(type) }))}
            />
          </Form.Item>
          <Form.Item name="region">
            <RegionTreeSelect placeholder={t('subjects.filterRegion')} data-testid="subjects-region" />
          </Form.Item>
          <Form.Item name="status">
            <Select
              allowClear
              placeholder={t('subjects.filterStatus')}
              style={{ width: 120 }}
              data-testid="subjects-status"
              options={SUBJECT_STATUSES.map((status) => ({
                value: status,
                label: t(`status.${status}` as MessageKey),
              }))}
            />
          </Form.Item>
        </FilterForm>
      </div>
      <PagedTable<SubjectSummary>
        query={query}
        testId="subjects-table"
        rowKey="id"
        onRow={(subject) => ({
          onClick: (event) => {
            if (!(event.target as HTMLElement).closest('a')) navigate(detailPath(subject));
          },
          style: { cursor: 'pointer' },
        })}
        columns={[
          {
            title: t('subjects.name'),
            dataIndex: 'name',
            render: (name: string, subject) => (
              <Link to={detailPath(subject)} data-testid="subject-row-name">
                {name}
              </Link>
            ),
          },
          { title: t('subject.code'), dataIndex: 'code' },
          {
            title: t('subject.type'),
            key: 'tags',
            render: (_, subject) => <SubjectTags subject={subject} />,
          },
          { title: t('subject.region'), dataIndex: 'regionName' },
          { title: t('subject.legalRep'), dataIndex: 'legalRepresentative', render: (value) => value ?? '—' },
          { title: t('subject.established'), dataIndex: 'establishedOn', render: (value) => value ?? '—' },
        ]}
      />
    </Card>
  );
}
