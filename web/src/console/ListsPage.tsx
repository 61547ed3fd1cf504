import {
  AuditOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  FilePdfOutlined,
  LinkOutlined,
  NotificationOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, toApiError } from '../api/client';
import {
  DECIDED_LIST_TYPES,
  type DecidedListType,
  decisionPdfUrl,
  ENTRY_STATUSES,
  type EntryStatus,
  type Interview,
  isoDate,
  LIST_TYPES,
  type ListEntry,
  loopPath,
  type NewEntry,
  publicEntryPath,
  REMOVAL_KINDS,
  type RemovalKind,
} from '../api/lists-types';
import { PERMISSIONS } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { formatDateTime } from '../components/format';
import {
  EntryStatusTag,
  ListTypeTag,
  MeasureActionTag,
  SubjectCell,
  useCodeLabel,
} from '../components/ListParts';
import { RegionName } from '../components/RegionName';
import { rowAttributes } from '../components/rowAttributes';
import { useApi } from '../hooks/useApi';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useSearchParam } from '../hooks/useSearchParam';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { useAuth } from './auth';
import { Lifecycle } from './parts/EntryLifecycle';
import { FactSheet } from './parts/FactSheet';
import { FilterForm } from './parts/FilterForm';
import { FilterSelect } from './parts/FilterSelect';
import { FormDrawer } from './parts/FormDrawer';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';
import { ReasonModal } from './parts/ReasonModal';
import { useRequiredRule } from './parts/useRequiredRule';
import { ValidityFields } from './parts/ValidityFields';
import './lists.css';

const FILTERS = ['listType', 'status', 'q'] as const;
/** Statuses in which the entry has a decision document. */
const DECIDED: EntryStatus[] = ['DECIDED', 'PUBLISHED', 'EXPIRED', 'REMOVED', 'REVOKED'];
/** Statuses in which checks can have hit the entry (the supervision loop has something to show). */
const IN_FORCE_ONCE: EntryStatus[] = ['PUBLISHED', 'EXPIRED', 'REMOVED', 'REVOKED'];

const entryPath = (entryId: string, action = '') =>
  `/lists/entries/${encodeURIComponent(entryId)}${action ? `/${action}` : ''}`;

/** 信用名单: the list entries of the caller's region, their lifecycle, and new entries. */
export default function ListsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const query = usePagedQuery<ListEntry>('/lists/entries', FILTERS);
  // The entry shown in the drawer is `?open=…`, so it can be linked to (e.g. from a promoted candidate).
  const [openId, setOpenId] = useSearchParam('open');
  const [creating, setCreating] = useState(false);

  return (
    <ListCard
      title={t('console.menu.lists')}
      onCreate={can(PERMISSIONS.listsDecide) ? () => setCreating(true) : undefined}
      createTestId="lists-create"
      filters={
        <FilterForm filters={query.filters} testId="lists-filters" onApply={query.setFilters}>
          <FilterSelect
            name="listType"
            title={t('lists.listType')}
            codes={LIST_TYPES}
            label={(code) => t(`lists.type.${code}`)}
            width={180}
            testId="lists-filter-type"
          />
          <FilterSelect
            name="status"
            title={t('lists.status')}
            codes={ENTRY_STATUSES}
            label={(code) => t(`lists.status.${code}`)}
            width={130}
            testId="lists-filter-status"
          />
          <Form.Item name="q">
            <Input
              allowClear
              placeholder={t('lists.keyword')}
              style={{ width: 240 }}
              data-testid="lists-filter-q"
            />
          </Form.Item>
        </FilterForm>
      }
    >
      <PagedTable<ListEntry>
        query={query}
        testId="lists-table"
        rowKey="entryId"
        onRow={(entry) => rowAttributes('lists-row', { 'entry-id': entry.entryId })}
        columns={[
          {
            title: t('lists.subject'),
            key: 'subject',
            render: (_, entry) => (
              <Typography.Link onClick={() => setOpenId(entry.entryId)} data-testid="lists-open">
                <SubjectCell subject={entry.subject} />
              </Typography.Link>
            ),
          },
          {
            title: t('lists.listType'),
            dataIndex: 'listType',
            render: (_, entry) => <ListTypeTag type={entry.listType} />,
          },
          {
            title: t('lists.status'),
            dataIndex: 'status',
            render: (_, entry) => <EntryStatusTag status={entry.status} testId="lists-row-status" />,
          },
          {
            title: t('lists.decisionNo'),
            key: 'decisionNo',
            render: (_, entry) => entry.decision?.decisionNo ?? '—',
          },
          { title: t('lists.decidedBy'), key: 'decidedBy', render: (_, entry) => entry.decidedBy.name },
          {
            title: t('lists.validity'),
            key: 'validity',
            render: (_, entry) => `${entry.validFrom} ~ ${entry.validTo}`,
          },
          { title: t('lists.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
        ]}
      />
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size={820}
        destroyOnHidden
        title={t('lists.detail')}
        data-testid="entry-drawer"
      >
        {openId && <EntryView key={openId} id={openId} onChanged={query.reload} />}
      </Drawer>
      <NewEntryDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(entry) => {
          setCreating(false);
          query.reload();
          setOpenId(entry.entryId);
        }}
      />
    </ListCard>
  );
}

/** 新建名单 (a draft): list type, subject, facts, basis, reason and validity. */
function NewEntryDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(entry: ListEntry): void;
}) {
  const { t } = useI18n();
  const requiredRule = useRequiredRule();
  const [form] = Form.useForm<NewEntry>();
  const listType = Form.useWatch('listType', form) as DecidedListType | undefined;
  const text = (name: 'facts' | 'basis' | 'reason', rows: number) => (
    <Form.Item
      name={name}
      label={t(`lists.${name}`)}
      rules={[requiredRule(t(`lists.${name}`)), { whitespace: true, max: 4000 }]}
    >
      <Input.TextArea rows={rows} maxLength={4000} showCount data-testid={`entry-form-${name}`} />
    </Form.Item>
  );
  return (
    <FormDrawer<NewEntry>
      open={open}
      size={640}
      title={t('lists.create')}
      submitText={t('lists.createSubmit')}
      form={form}
      initialValues={{
        listType: 'SERIOUS_DISHONESTY',
        validFrom: isoDate(),
        validTo: isoDate(new Date(), 1),
      }}
      notice={<Alert type="info" showIcon title={t('lists.createNotice')} style={{ marginBottom: 16 }} />}
      testId="entry-form"
      onSubmit={async (values) => {
        const entry = await api.post<ListEntry>('/lists/entries', {
          ...values,
          subject: values.subject.trim(),
          facts: values.facts.trim(),
          basis: values.basis.trim(),
          reason: values.reason.trim(),
        });
        form.resetFields();
        onCreated(entry);
      }}
      onFailure={(failure) => {
        const field = failure.field === 'subject' || failure.field === 'validTo' ? failure.field : null;
        if (field) form.setFields([{ name: field, errors: [failure.message] }]);
      }}
      onClose={onClose}
    >
      <Form.Item name="listType" label={t('lists.listType')} rules={[requiredRule(t('lists.listType'))]}>
        <Select
          data-testid="entry-form-type"
          options={DECIDED_LIST_TYPES.map((value) => ({ value, label: t(`lists.type.${value}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="subject"
        label={t('lists.subjectCode')}
        extra={t('lists.subjectCodeHint')}
        rules={[requiredRule(t('lists.subjectCode')), { whitespace: true, max: 40 }]}
      >
        <Input data-testid="entry-form-subject" />
      </Form.Item>
      {text('facts', 4)}
      {text('basis', 2)}
      {text('reason', 2)}
      <ValidityFields listType={listType} />
    </FormDrawer>
  );
}

type FormAct = 'decide' | 'interview' | 'record';
type ReasonAct = 'remove' | 'cancel';
interface ActValues {
  decisionNo?: string;
  removalConditions?: string;
  remedies?: string;
  scheduledAt?: string;
  place?: string;
  status?: 'DONE' | 'MISSED';
  record?: string;
}

/** The request body of a form action. */
function actBody(act: FormAct, values: ActValues) {
  const trim = (value?: string) => value?.trim() ?? '';
  if (act === 'decide')
    return {
      decisionNo: trim(values.decisionNo),
      removalConditions: trim(values.removalConditions),
      remedies: trim(values.remedies),
    };
  if (act === 'interview')
    return { scheduledAt: new Date(values.scheduledAt ?? '').toISOString(), place: trim(values.place) };
  return { status: values.status, record: trim(values.record) };
}

/** The drawer's content: the entry, its lifecycle, and the next actions its status allows. */
function EntryView({ id, onChanged }: { id: string; onChanged(): void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data, error } = useApi<ListEntry>(entryPath(id));
  const [updated, setUpdated] = useState<ListEntry | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [form, setForm] = useState<{ act: FormAct; interview?: Interview } | null>(null);
  const [reasonAct, setReasonAct] = useState<ReasonAct | null>(null);
  const [removalKind, setRemovalKind] = useState<RemovalKind>('REPAIR');
  const entry = updated ?? data;

  if (error) return <ErrorResult error={error} />;
  if (!entry) return <Skeleton active />;

  const done = (next: ListEntry) => {
    setUpdated(next);
    onChanged();
  };
  /** Runs a one-click transition (notice, publish) and shows the new state. */
  const transition = async (action: 'notice' | 'publish') => {
    setBusy(action);
    try {
      done(await api.post<ListEntry>(entryPath(entry.entryId, action)));
      message.success(t(`lists.act.${action}.done`));
    } catch (failure) {
      const { code, message: text } = toApiError(failure);
      message.error(`${text} (${code})`);
    } finally {
      setBusy(null);
    }
  };

  const acting = can(PERMISSIONS.listsDecide) && entry.source === 'DECIDED';
  const { status } = entry;
  const confirmed = (action: 'notice' | 'publish', icon: ReactNode) => (
    <Popconfirm
      title={t(`lists.act.${action}.confirm`)}
      onConfirm={() => transition(action)}
      okButtonProps={{ 'data-testid': `entry-${action}-confirm` }}
    >
      <Button type="primary" icon={icon} loading={busy === action} data-testid={`entry-${action}`}>
        {t(`lists.act.${action}`)}
      </Button>
    </Popconfirm>
  );
  const formButton = (act: FormAct, icon: ReactNode, primary = false) => (
    <Button
      type={primary ? 'primary' : 'default'}
      icon={icon}
      onClick={() => setForm({ act })}
      data-testid={`entry-${act}`}
    >
      {t(`lists.act.${act}`)}
    </Button>
  );
  const reasonButton = (act: ReasonAct) => (
    <Button danger onClick={() => setReasonAct(act)} data-testid={`entry-${act}`}>
      {t(`lists.act.${act}`)}
    </Button>
  );
  const needsNotice = entry.listType !== 'RED';

  return (
    <Space
      orientation="vertical"
      size={16}
      style={{ display: 'flex' }}
      data-testid="entry-detail"
      data-entry-id={entry.entryId}
      data-status={status}
    >
      <div className="xy-toolbar" style={{ marginBottom: 0 }}>
        <Space wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {entry.subject.name}
          </Typography.Title>
          <ListTypeTag type={entry.listType} />
          <EntryStatusTag status={status} testId="entry-status" />
        </Space>
        {acting && (
          <Space wrap data-testid="entry-actions">
            {status === 'DRAFT' && needsNotice && confirmed('notice', <NotificationOutlined />)}
            {(status === 'NOTICED' || (status === 'DRAFT' && !needsNotice)) &&
              formButton('decide', <AuditOutlined />, true)}
            {status === 'DECIDED' && confirmed('publish', <SendOutlined />)}
            {(status === 'DECIDED' || status === 'PUBLISHED') &&
              formButton('interview', <CalendarOutlined />)}
            {status === 'PUBLISHED' && reasonButton('remove')}
            {(status === 'DRAFT' || status === 'NOTICED') && reasonButton('cancel')}
          </Space>
        )}
      </div>
      <DefenceWindow entry={entry} />
      {DECIDED.includes(status) && (
        <Space wrap size="large">
          {entry.decision && (
            <a
              href={decisionPdfUrl(entry.entryId)}
              target="_blank"
              rel="noopener"
              data-testid="entry-decision-pdf"
            >
              <FilePdfOutlined /> {t('lists.decisionPdf')}
            </a>
          )}
          {status === 'PUBLISHED' && (
            <a
              href={publicEntryPath(entry.entryId)}
              target="_blank"
              rel="noopener"
              data-testid="entry-public-link"
            >
              <LinkOutlined /> {t('lists.publicPage')}
            </a>
          )}
          {IN_FORCE_ONCE.includes(status) && can(PERMISSIONS.sanctionsStats) && (
            <Link to={loopPath(entry.entryId)} data-testid="entry-loop-link">
              <CheckCircleOutlined /> {t('lists.loop')}
            </Link>
          )}
        </Space>
      )}
      <EntryFacts entry={entry} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('lists.lifecycle')}
      </Typography.Title>
      <Lifecycle
        entry={entry}
        onRecord={acting ? (interview) => setForm({ act: 'record', interview }) : undefined}
      />
      <ActDrawer
        entry={entry}
        acting={form}
        onClose={() => setForm(null)}
        onDone={(next) => {
          setForm(null);
          done(next);
        }}
      />
      <ReasonModal<ListEntry>
        open={reasonAct !== null}
        title={t(`lists.act.${reasonAct ?? 'cancel'}`)}
        okText={t(`lists.act.${reasonAct ?? 'cancel'}.ok`)}
        label={t('lists.reasonLabel')}
        notice={
          reasonAct === 'remove' && (
            <Form.Item label={t('lists.removalKind')} layout="vertical">
              <Radio.Group
                value={removalKind}
                onChange={(event) => setRemovalKind(event.target.value)}
                data-testid="entry-remove-kind"
                options={REMOVAL_KINDS.map((kind) => ({
                  value: kind,
                  label: t(`lists.removal.${kind}`),
                }))}
              />
            </Form.Item>
          )
        }
        successText={t(`lists.act.${reasonAct ?? 'cancel'}.done`)}
        testId="entry-reason"
        onSubmit={(reason) =>
          api.post<ListEntry>(
            entryPath(entry.entryId, reasonAct ?? 'cancel'),
            reasonAct === 'remove' ? { kind: removalKind, reason } : { reason },
          )
        }
        onClose={() => setReasonAct(null)}
        onDone={done}
      />
    </Space>
  );
}

/** While noticed: the defence deadline (the server decides whether it has passed), or the defence received. */
function DefenceWindow({ entry }: { entry: ListEntry }) {
  const { t } = useI18n();
  if (entry.status !== 'NOTICED' || !entry.notice) return null;
  return (
    <Alert
      type={entry.defence ? 'success' : 'info'}
      showIcon
      title={
        entry.defence
          ? t('lists.defence.received')
          : t('lists.defence.until', { date: entry.notice.defenceDeadline })
      }
      data-testid="entry-defence-window"
    />
  );
}

/** The entry's facts: subject, deciding department, validity, reason, basis and measures. */
function EntryFacts({ entry }: { entry: ListEntry }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const long = (text: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{text || '—'}</span>;
  return (
    <FactSheet
      idLabel={t('lists.entryId')}
      id={entry.entryId}
      idTestId="entry-id"
      items={[
        { key: 'source', label: t('lists.source'), children: label('lists.source', entry.source) },
        {
          key: 'subject',
          label: t('lists.subject'),
          children: (
            <SubjectCell
              subject={entry.subject}
              to={`/console/subjects/${encodeURIComponent(entry.subject.publicId)}`}
            />
          ),
        },
        { key: 'decidedBy', label: t('lists.decidedBy'), children: entry.decidedBy.name },
        {
          key: 'validity',
          label: t('lists.validity'),
          children: `${entry.validFrom} ~ ${entry.validTo}`,
        },
        { key: 'region', label: t('lists.region'), children: <RegionName code={entry.regionCode} /> },
        { key: 'facts', label: t('lists.facts'), span: 'filled', children: long(entry.facts) },
        { key: 'basis', label: t('lists.basis'), span: 'filled', children: long(entry.basis) },
        { key: 'reason', label: t('lists.reason'), span: 'filled', children: long(entry.reason) },
        {
          key: 'measures',
          label: t('lists.measures'),
          span: 'filled',
          children: entry.measures.length ? (
            <Space orientation="vertical" size={4} data-testid="entry-measures">
              {entry.measures.map((measure) => (
                <span key={measure.code}>
                  <MeasureActionTag action={measure.action} /> {measure.name}{' '}
                  <Typography.Text type="secondary">{measure.code}</Typography.Text>
                </span>
              ))}
            </Space>
          ) : (
            '—'
          ),
        },
        {
          key: 'persons',
          label: t('lists.responsiblePersons'),
          span: 'filled',
          children: entry.responsiblePersons.length
            ? entry.responsiblePersons.map((person) => (
                <Tag key={`${person.publicId}-${person.role}`}>
                  {label('lists.role', person.role)} · {person.name}
                </Tag>
              ))
            : '—',
        },
      ]}
    />
  );
}

/** The form of a decision, a scheduled interview or an interview record, in a drawer over the entry. */
function ActDrawer({
  entry,
  acting,
  onClose,
  onDone,
}: {
  entry: ListEntry;
  acting: { act: FormAct; interview?: Interview } | null;
  onClose(): void;
  onDone(next: ListEntry): void;
}) {
  const { t } = useI18n();
  const requiredRule = useRequiredRule();
  const [form] = Form.useForm<ActValues>();
  const act = acting?.act ?? 'decide';
  const field = (name: keyof ActValues, node: ReactNode, required = true) => (
    <Form.Item
      name={name}
      label={t(`lists.form.${name}` as MessageKey)}
      rules={required ? [requiredRule(t(`lists.form.${name}` as MessageKey)), { whitespace: true }] : []}
    >
      {node}
    </Form.Item>
  );
  const area = (name: keyof ActValues) => (
    <Input.TextArea rows={3} maxLength={2000} showCount data-testid={`act-form-${name}`} />
  );
  const fields: Record<FormAct, ReactNode> = {
    decide: (
      <>
        {field('decisionNo', <Input maxLength={100} data-testid="act-form-decisionNo" />)}
        {field('removalConditions', area('removalConditions'))}
        {field('remedies', area('remedies'))}
      </>
    ),
    interview: (
      <>
        {field('scheduledAt', <Input type="datetime-local" data-testid="act-form-scheduledAt" />)}
        {field('place', <Input maxLength={200} data-testid="act-form-place" />)}
      </>
    ),
    record: (
      <>
        <Form.Item name="status" label={t('lists.form.status')} rules={[{ required: true }]}>
          <Radio.Group
            data-testid="act-form-status"
            options={(['DONE', 'MISSED'] as const).map((value) => ({
              value,
              label: t(`lists.interview.${value}`),
            }))}
          />
        </Form.Item>
        {field('record', area('record'))}
      </>
    ),
  };
  const path =
    act === 'record'
      ? entryPath(entry.entryId, `interviews/${encodeURIComponent(String(acting?.interview?.id))}/record`)
      : entryPath(entry.entryId, act === 'interview' ? 'interviews' : 'decide');
  return (
    <FormDrawer<ActValues>
      key={`${act}-${acting?.interview?.id ?? ''}`}
      open={acting !== null}
      size={560}
      title={t(`lists.act.${act}`)}
      submitText={t(`lists.act.${act}.ok`)}
      form={form}
      initialValues={act === 'record' ? { status: 'DONE' } : {}}
      notice={
        act === 'decide' && (
          <Alert type="info" showIcon title={t('lists.decideNotice')} style={{ marginBottom: 16 }} />
        )
      }
      failureTitle={(failure) => failure.code}
      testId="act-form"
      onSubmit={async (values) => {
        const next = await api.post<ListEntry>(path, actBody(act, values));
        form.resetFields();
        onDone(next);
      }}
      onClose={onClose}
    >
      {fields[act]}
    </FormDrawer>
  );
}
