import { AuditOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api, toApiError } from '../api/client';
import { type EvaluationChange, evaluationPath, type ReviewRequest } from '../api/evaluation-types';
import type { ListEntry } from '../api/lists-types';
import type { Items } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { GradeTag } from '../components/EvaluationParts';
import { formatDateTime, shanghaiToday } from '../components/format';
import { EntryStatusTag, ListTypeTag } from '../components/ListParts';
import { rowAttributes } from '../components/rowAttributes';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useSearchParam } from '../hooks/useSearchParam';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './auth';
import { EvaluationPanel } from './EvaluationPanel';
import { Lifecycle } from './parts/EntryLifecycle';
import { LoadedTable } from './parts/LoadedTable';
import { ReasonModal } from './parts/ReasonModal';
import { useRequiredRule } from './parts/useRequiredRule';

const TABS = ['evaluation', 'notices'] as const;

/** 我的信用: a subject's self-service user sees its evaluation (and asks for a human review) and answers listing notices. */
export default function MyCreditPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  useDocumentTitle(t('console.menu.myCredit'));
  const [tabParam, setTab] = useSearchParam('tab');
  const tab = TABS.find((key) => key === tabParam) ?? 'evaluation';
  const subject = user?.subject;
  return (
    <Card title={subject ? `${t('console.menu.myCredit')} · ${subject.name}` : t('console.menu.myCredit')}>
      <Typography.Paragraph type="secondary">{t('myCredit.intro')}</Typography.Paragraph>
      {subject ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key === 'evaluation' ? null : key)}
          items={[
            {
              key: 'evaluation',
              label: <span data-testid="my-credit-tab-evaluation">{t('myCredit.tab.evaluation')}</span>,
              children: <EvaluationTab subjectId={subject.publicId} />,
            },
            {
              key: 'notices',
              label: <span data-testid="my-credit-tab-notices">{t('myCredit.tab.notices')}</span>,
              children: <NoticesTab />,
            },
          ]}
        />
      ) : (
        <Alert type="warning" showIcon title={t('myCredit.noSubject')} data-testid="my-credit-no-subject" />
      )}
    </Card>
  );
}

/** The subject's own evaluation, a request for human review (PIPL Art. 24) and the history of changes. */
function EvaluationTab({ subjectId }: { subjectId: string }) {
  const { t } = useI18n();
  const history = useApi<Items<EvaluationChange>>(evaluationPath(subjectId, 'history'));
  const [asking, setAsking] = useState(false);
  const [requested, setRequested] = useState<ReviewRequest | null>(null);
  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <EvaluationPanel
        subjectId={subjectId}
        extra={
          <Button
            icon={<AuditOutlined />}
            onClick={() => setAsking(true)}
            data-testid="evaluation-review-request"
          >
            {t('evaluation.review.request')}
          </Button>
        }
      />
      {requested && (
        <Alert
          type="success"
          showIcon
          title={t('evaluation.review.submitted', {
            id: requested.reviewId,
            at: formatDateTime(requested.createdAt),
          })}
          data-testid="evaluation-review-submitted"
        />
      )}
      <Card title={t('evaluation.history')} size="small">
        <LoadedTable<EvaluationChange, Items<EvaluationChange>>
          state={history}
          rows={(data) => data.items}
          testId="evaluation-history"
          rowKey={(change) => `${change.computedAt}-${change.state}-${change.score}`}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={() => rowAttributes('evaluation-history-row')}
          columns={[
            { title: t('evaluation.computedAt'), dataIndex: 'computedAt', render: formatDateTime },
            {
              title: t('evaluation.score'),
              dataIndex: 'score',
              render: (score: number | null) => score ?? '—',
            },
            {
              title: t('evaluation.grade'),
              dataIndex: 'grade',
              render: (_, change) => <GradeTag grade={change.state === 'RATED' ? change.grade : null} />,
            },
            { title: t('evaluation.modelVersion'), dataIndex: 'modelVersion' },
          ]}
        />
      </Card>
      <ReasonModal<ReviewRequest>
        open={asking}
        title={t('evaluation.review.request')}
        okText={t('evaluation.review.ok')}
        label={t('evaluation.review.reason')}
        notice={
          <Alert type="info" showIcon title={t('evaluation.review.notice')} style={{ marginBottom: 16 }} />
        }
        successText={t('evaluation.review.done')}
        danger={false}
        testId="evaluation-review"
        onSubmit={(reason) => api.post<ReviewRequest>(evaluationPath(subjectId, 'review'), { reason })}
        onClose={() => setAsking(false)}
        onDone={setRequested}
      />
    </Space>
  );
}

/** 名单告知: the entries about the subject, each with its notice, the defence (or its form) and the lifecycle. */
function NoticesTab() {
  const { t } = useI18n();
  const mine = useApi<Items<ListEntry>>('/lists/mine');
  if (mine.error) return <ErrorResult error={mine.error} onRetry={mine.reload} />;
  if (!mine.data) return <Skeleton active />;
  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }} data-testid="my-entries">
      <Typography.Text type="secondary">{t('myCredit.notices.intro')}</Typography.Text>
      {mine.data.items.length === 0 && <Empty description={t('myCredit.notices.empty')} />}
      {mine.data.items.map((entry) => (
        <Card
          key={entry.entryId}
          size="small"
          title={
            <Space wrap>
              <ListTypeTag type={entry.listType} />
              <EntryStatusTag status={entry.status} testId="my-entry-status" />
              <Typography.Text type="secondary">{entry.decidedBy.name}</Typography.Text>
            </Space>
          }
          extra={<Typography.Text copyable>{entry.entryId}</Typography.Text>}
          data-testid="my-entry"
          data-entry-id={entry.entryId}
          data-status={entry.status}
        >
          <Defence entry={entry} onDone={mine.reload} />
          <Lifecycle entry={entry} />
        </Card>
      ))}
    </Space>
  );
}

/** While noticed: the defence submitted, the window closed, or the form to answer within it. */
function Defence({ entry, onDone }: { entry: ListEntry; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const requiredRule = useRequiredRule();
  const [saving, setSaving] = useState(false);
  const { notice, defence } = entry;
  if (entry.status !== 'NOTICED' || !notice) return null;
  const alert = (type: 'success' | 'warning' | 'info', title: string) => (
    <Alert type={type} showIcon title={title} style={{ marginBottom: 16 }} data-testid="my-entry-defence" />
  );
  if (defence)
    return alert('success', t('myCredit.defence.submitted', { at: formatDateTime(defence.submittedAt) }));
  const deadline = notice.defenceDeadline;
  if (deadline && deadline < shanghaiToday())
    return alert('warning', t('myCredit.defence.closed', { date: deadline }));

  const submit = async ({ statement }: { statement: string }) => {
    setSaving(true);
    try {
      await api.post<ListEntry>(`/lists/entries/${encodeURIComponent(entry.entryId)}/defence`, {
        statement: statement.trim(),
      });
      message.success(t('myCredit.defence.done'));
      onDone();
    } catch (failure) {
      const { code, message: text } = toApiError(failure);
      message.error(`${text} (${code})`);
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      {deadline && alert('info', t('myCredit.defence.until', { date: deadline }))}
      <Form layout="vertical" onFinish={submit} style={{ maxWidth: 720 }} data-testid="defence-form">
        <Form.Item
          name="statement"
          label={t('myCredit.defence.statement')}
          rules={[requiredRule(t('myCredit.defence.statement')), { whitespace: true, max: 4000 }]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="defence-statement" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SendOutlined />}
          loading={saving}
          data-testid="defence-submit"
        >
          {t('myCredit.defence.submit')}
        </Button>
      </Form>
    </>
  );
}
