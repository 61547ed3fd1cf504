import { Segmented, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import {
  CANDIDATE_STATUSES,
  type Candidate,
  type Evidence,
  isDecidedListType,
  isoDate,
  type ListEntry,
  type PromoteBody,
} from '../api/lists-types';
import { PERMISSIONS } from '../api/types';
import { formatDateTime } from '../components/format';
import { ListTypeTag, SubjectCell } from '../components/ListParts';
import { rowAttributes } from '../components/rowAttributes';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './auth';
import { ActionButton } from './parts/ActionButton';
import { FormModal } from './parts/FormModal';
import { useItemName } from './parts/intake';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';
import { ReasonModal } from './parts/ReasonModal';
import { ValidityFields } from './parts/ValidityFields';

/** 候选名单: what the detection rules found, for the department to dismiss or promote to a draft entry. */
export default function CandidatesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const query = usePagedQuery<Candidate, 'status'>('/lists/candidates', ['status'], 20, ({ status }) => ({
    status: status || 'OPEN',
  }));
  const status = query.filters.status || 'OPEN';
  const [dismissing, setDismissing] = useState<Candidate | null>(null);
  const [promoting, setPromoting] = useState<Candidate | null>(null);
  const deciding = can(PERMISSIONS.listsDecide) && status === 'OPEN';
  const validity = useMemo<PromoteBody>(
    () => ({ validFrom: isoDate(), validTo: isoDate(new Date(), 1) }),
    [],
  );

  return (
    <ListCard
      title={t('console.menu.candidates')}
      filters={
        <>
          <Typography.Text type="secondary">{t('lists.candidates.intro')}</Typography.Text>
          <Segmented
            value={status}
            onChange={(value) => query.setFilters({ status: value === 'OPEN' ? '' : value })}
            data-testid="candidates-status"
            options={CANDIDATE_STATUSES.map((value) => ({
              value,
              label: t(`lists.candidate.status.${value}`),
            }))}
          />
        </>
      }
    >
      <PagedTable<Candidate>
        query={query}
        testId="candidates-table"
        rowKey="id"
        onRow={(candidate) => rowAttributes('candidate-row', { id: candidate.id })}
        expandable={{
          expandedRowRender: (candidate) => <EvidenceTable evidence={candidate.evidence} />,
        }}
        columns={[
          {
            title: t('lists.subject'),
            key: 'subject',
            render: (_, candidate) => (
              <SubjectCell
                subject={candidate.subject}
                to={`/console/subjects/${encodeURIComponent(candidate.subject.publicId)}`}
              />
            ),
          },
          {
            title: t('lists.listType'),
            dataIndex: 'listType',
            render: (_, candidate) => <ListTypeTag type={candidate.listType} />,
          },
          { title: t('lists.candidates.rule'), dataIndex: 'ruleName' },
          {
            title: t('lists.candidates.evidence'),
            key: 'evidence',
            align: 'right',
            render: (_, candidate) => t('lists.candidates.evidenceCount', { n: candidate.evidence.length }),
          },
          { title: t('lists.candidates.detectedAt'), dataIndex: 'detectedAt', render: formatDateTime },
          ...(deciding
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: 'right' as const,
                  render: (_: unknown, candidate: Candidate) => (
                    <Space>
                      <ActionButton onClick={() => setPromoting(candidate)} data-testid="candidate-promote">
                        {t('lists.candidates.promote')}
                      </ActionButton>
                      <ActionButton
                        danger
                        onClick={() => setDismissing(candidate)}
                        data-testid="candidate-dismiss"
                      >
                        {t('lists.candidates.dismiss')}
                      </ActionButton>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormModal<PromoteBody>
        editor={{
          open: promoting !== null,
          record: validity,
          creating: true,
          close: () => setPromoting(null),
        }}
        entity={t('lists.candidates.draft')}
        testId="candidate-promote-form"
        onSubmit={async (values) => {
          const entry = await api.post<ListEntry>(
            `/lists/candidates/${encodeURIComponent(promoting?.id ?? '')}/promote`,
            values,
          );
          navigate(`/console/lists?open=${encodeURIComponent(entry.entryId)}`);
        }}
      >
        <Typography.Paragraph type="secondary">{t('lists.candidates.promoteHint')}</Typography.Paragraph>
        <ValidityFields listType={isDecidedListType(promoting?.listType) ? promoting.listType : undefined} />
      </FormModal>
      <ReasonModal
        open={dismissing !== null}
        title={t('lists.candidates.dismiss')}
        okText={t('lists.candidates.dismissOk')}
        label={t('lists.candidates.dismissReason')}
        successText={t('lists.candidates.dismissed')}
        testId="candidate-dismiss"
        onSubmit={(reason) =>
          api.post(`/lists/candidates/${encodeURIComponent(dismissing?.id ?? '')}/dismiss`, { reason })
        }
        onClose={() => setDismissing(null)}
        onDone={query.reload}
      />
    </ListCard>
  );
}

/** The decisions a candidate was detected from, each linked to its record. */
function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  const { t } = useI18n();
  const itemName = useItemName();
  return (
    <Table<Evidence>
      size="small"
      rowKey="recordId"
      pagination={false}
      dataSource={evidence}
      data-testid="candidate-evidence"
      columns={[
        {
          title: t('lists.decisionNo'),
          dataIndex: 'decisionNo',
          render: (no: string, row) => (
            <Link to={`/console/records?open=${encodeURIComponent(row.recordId)}`}>{no}</Link>
          ),
        },
        { title: t('records.item'), dataIndex: 'item', render: (code: string) => itemName(code) },
        { title: t('records.decisionDate'), dataIndex: 'decisionDate' },
        { title: t('records.authority'), dataIndex: 'authority' },
      ]}
    />
  );
}
