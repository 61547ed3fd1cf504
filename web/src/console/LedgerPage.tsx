import {
  CloudDownloadOutlined,
  ImportOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
  SyncOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { type HTMLAttributes, type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type ApiError, api, toApiError, toQuery } from '../api/client';
import {
  type AuditProblem,
  type Checkpoint,
  type Health,
  KEY_ALGORITHMS,
  type LedgerAudit,
  type LedgerEntries,
  type LedgerEntry,
  type LedgerHash,
  type LedgerKey,
  type LedgerKeys,
  type Peer,
  type PublicKey,
  type Witness,
  type Witnesses,
} from '../api/ledger-types';
import type { Items } from '../api/types';
import { formatDateTime } from '../components/format';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { ActionButton } from './parts/ActionButton';
import { FormDrawer } from './parts/FormDrawer';
import { useRequiredRule } from './parts/useRequiredRule';
import './ledger.css';

const TABS = ['checkpoints', 'keys', 'audits', 'witnesses', 'peers', 'entries'] as const;
type Tab = (typeof TABS)[number];
const CHECKPOINT_LIMIT = 20;
const ENTRY_PAGE_SIZES = [20, 50, 100, 200];
/** Problems listed in the page-wide alert of a failed audit (all of them are in the 审计 tab). */
const ALERT_PROBLEMS = 5;
const HASHES: LedgerHash[] = ['SM3', 'SHA-256'];

/** The number of bytes a base64 string decodes to, or -1 when it is not base64. */
function base64Length(text: string): number {
  try {
    return atob(text.trim()).length;
  } catch {
    return -1;
  }
}

const mono = (text: string, testId?: string) => (
  <pre className="xy-mono-block" data-testid={testId}>
    {text}
  </pre>
);

/** A long hash or key: shortened in the cell, copyable in full. */
const HashText = ({ value, width = 160 }: { value: string; width?: number }) => (
  <Typography.Text code copyable={{ text: value }} ellipsis={{ tooltip: value }} style={{ maxWidth: width }}>
    {value}
  </Typography.Text>
);

/** Shows what a write did: a success message, or the failure as an error message. */
function useRun() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  /** Runs `action` (showing `key` as busy); true when it succeeded. */
  const run = async (key: string, action: () => Promise<unknown>, success: string): Promise<boolean> => {
    setBusy(key);
    try {
      await action();
      message.success(success);
      return true;
    } catch (error) {
      message.error(toApiError(error).message);
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}

/** 信用账本: the tamper-evident log of credit data changes — its checkpoints, keys, audits and trust. */
export default function LedgerPage() {
  const { t } = useI18n();
  useDocumentTitle(t('console.menu.ledger'));
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((key) => key === params.get('tab')) ?? 'checkpoints';
  const health = useApi<Health>('/health');
  const keys = useApi<LedgerKeys>('/ledger/keys');
  const checkpoints = useApi<Items<Checkpoint>>(`/ledger/checkpoints${toQuery({ limit: CHECKPOINT_LIMIT })}`);
  const audits = useApi<Items<LedgerAudit>>('/ledger/audits');
  const latest = checkpoints.data?.items[0];
  const lastAudit = audits.data?.items[0];
  const treeSize = health.data?.ledger.treeSize;

  const setTab = (key: string) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (key === 'checkpoints') next.delete('tab');
      else next.set('tab', key);
      return next;
    });

  const stat = (title: string, value: ReactNode, testId: string) => (
    <Col xs={12} md={6}>
      <Statistic title={title} valueRender={() => <span data-testid={testId}>{value}</span>} />
    </Col>
  );

  const items = [
    {
      key: 'checkpoints',
      label: t('ledger.tab.checkpoints'),
      children: (
        <CheckpointsTab
          checkpoints={checkpoints}
          onSigned={() => {
            checkpoints.reload();
            health.reload();
          }}
        />
      ),
    },
    { key: 'keys', label: t('ledger.tab.keys'), children: <KeysTab keys={keys} /> },
    {
      key: 'audits',
      label: t('ledger.tab.audits'),
      children: (
        <AuditsTab
          audits={audits}
          onAudited={() => {
            audits.reload();
            health.reload();
          }}
        />
      ),
    },
    { key: 'witnesses', label: t('ledger.tab.witnesses'), children: <WitnessesTab /> },
    { key: 'peers', label: t('ledger.tab.peers'), children: <PeersTab /> },
    { key: 'entries', label: t('ledger.tab.entries'), children: <EntriesTab treeSize={treeSize} /> },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <Card title={t('console.menu.ledger')} data-testid="ledger-header">
        <Typography.Paragraph type="secondary">{t('ledger.intro')}</Typography.Paragraph>
        {(health.error || keys.error) && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={(health.error ?? keys.error)?.message}
          />
        )}
        <Row gutter={[16, 16]}>
          {stat(t('ledger.stat.treeSize'), treeSize?.toLocaleString() ?? '—', 'ledger-tree-size')}
          {stat(t('ledger.stat.hash'), keys.data?.hash ?? '—', 'ledger-hash')}
          {stat(
            t('ledger.stat.origin'),
            <Typography.Text className="xy-ledger-origin">{keys.data?.origin ?? '—'}</Typography.Text>,
            'ledger-origin',
          )}
          {stat(
            t('ledger.stat.checkpoint'),
            latest ? (
              <Space orientation="vertical" size={0}>
                <span>{t('ledger.checkpoint.sizeValue', { n: latest.size.toLocaleString() })}</span>
                <Typography.Text type="secondary" className="xy-ledger-stat-sub">
                  {formatDateTime(latest.signedAt)}
                </Typography.Text>
              </Space>
            ) : (
              '—'
            ),
            'ledger-latest-checkpoint',
          )}
        </Row>
      </Card>
      {lastAudit && !lastAudit.ok && <AuditFailure run={lastAudit} onShow={() => setTab('audits')} />}
      <Card>
        <Tabs activeKey={tab} onChange={setTab} items={items} data-testid="ledger-tabs" />
      </Card>
    </Space>
  );
}

/** The page-wide red alert when the latest audit found problems (the data no longer matches the log). */
function AuditFailure({ run, onShow }: { run: LedgerAudit; onShow(): void }) {
  const { t } = useI18n();
  const shown = run.problems.slice(0, ALERT_PROBLEMS);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="ledger-audit-failed"
      title={t('ledger.audit.failedTitle', { n: run.problems.length, at: formatDateTime(run.finishedAt) })}
      description={
        <>
          <ul className="xy-ledger-problems">
            {shown.map((problem, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
              <li key={index}>
                <ProblemText problem={problem} />
              </li>
            ))}
          </ul>
          {run.problems.length > shown.length && (
            <Typography.Text type="danger">
              {t('ledger.audit.more', { n: run.problems.length - shown.length })}
            </Typography.Text>
          )}
        </>
      }
      action={
        <Button size="small" danger onClick={onShow}>
          {t('ledger.audit.details')}
        </Button>
      }
    />
  );
}

function ProblemText({ problem }: { problem: AuditProblem }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Text code>{problem.code}</Typography.Text> {problem.message}
      {problem.leafIndex !== undefined && (
        <Typography.Text type="secondary">
          {' '}
          · {t('ledger.audit.leaf', { n: problem.leafIndex })}
        </Typography.Text>
      )}
      {problem.objectType && (
        <Typography.Text type="secondary">
          {' '}
          · {problem.objectType} {problem.objectId}
        </Typography.Text>
      )}
    </>
  );
}

type Loaded<T> = ReturnType<typeof useApi<T>>;

function CheckpointsTab({
  checkpoints,
  onSigned,
}: {
  checkpoints: Loaded<Items<Checkpoint>>;
  onSigned(): void;
}) {
  const { t } = useI18n();
  const { busy, run } = useRun();
  const latest = checkpoints.data?.items[0];
  const sign = async () => {
    if (await run('sign', () => api.post<Checkpoint>('/ledger/checkpoints'), t('ledger.checkpoint.signed')))
      onSigned();
  };
  return (
    <>
      <div className="xy-toolbar">
        <Typography.Text type="secondary">{t('ledger.checkpoint.hint')}</Typography.Text>
        <Space wrap>
          <a href="/api/v1/ledger/checkpoint" target="_blank" rel="noopener">
            {t('ledger.checkpoint.public')}
          </a>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={busy === 'sign'}
            onClick={sign}
            data-testid="ledger-sign"
          >
            {t('ledger.checkpoint.sign')}
          </Button>
        </Space>
      </div>
      {checkpoints.error && (
        <Alert type="error" showIcon title={checkpoints.error.message} style={{ marginBottom: 16 }} />
      )}
      {latest && (
        <>
          <Typography.Title level={5}>
            {t('ledger.checkpoint.latestNote', { n: latest.size.toLocaleString() })}
          </Typography.Title>
          {mono(latest.note, 'ledger-latest-note')}
        </>
      )}
      <Table<Checkpoint>
        size="middle"
        rowKey={(checkpoint) => `${checkpoint.size}-${checkpoint.signedAt}`}
        loading={checkpoints.loading}
        dataSource={checkpoints.data?.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="ledger-checkpoints"
        expandable={{ expandedRowRender: (checkpoint) => mono(checkpoint.note) }}
        columns={[
          { title: t('ledger.checkpoint.size'), dataIndex: 'size', align: 'right' },
          {
            title: t('ledger.checkpoint.rootHash'),
            dataIndex: 'rootHash',
            render: (hash: string) => <HashText value={hash} width={320} />,
          },
          { title: t('ledger.checkpoint.signedAt'), dataIndex: 'signedAt', render: formatDateTime },
        ]}
      />
    </>
  );
}

const KEY_STATUS_COLORS: Record<LedgerKey['status'], string> = { ACTIVE: 'success', RETIRED: 'default' };

function KeysTab({ keys }: { keys: Loaded<LedgerKeys> }) {
  const { t } = useI18n();
  const { busy, run } = useRun();
  const rotate = async (algorithm: string) => {
    const done = await run(
      algorithm,
      () => api.post<LedgerKeys>('/ledger/keys/rotate', { algorithm }),
      t('ledger.keys.rotated', { algorithm }),
    );
    if (done) keys.reload();
  };
  return (
    <>
      <div className="xy-toolbar">
        <Typography.Text type="secondary">{t('ledger.keys.hint')}</Typography.Text>
        <Space wrap>
          {KEY_ALGORITHMS.map((algorithm) => (
            <Popconfirm
              key={algorithm}
              title={t('ledger.keys.rotateConfirm', { algorithm })}
              onConfirm={() => rotate(algorithm)}
              okButtonProps={{ 'data-testid': `ledger-rotate-${algorithm}-confirm` }}
            >
              <Button
                icon={<SyncOutlined />}
                loading={busy === algorithm}
                data-testid={`ledger-rotate-${algorithm}`}
              >
                {t('ledger.keys.rotate', { algorithm })}
              </Button>
            </Popconfirm>
          ))}
        </Space>
      </div>
      {keys.error && <Alert type="error" showIcon title={keys.error.message} style={{ marginBottom: 16 }} />}
      <Table<LedgerKey>
        size="middle"
        rowKey="keyId"
        loading={keys.loading}
        dataSource={keys.data?.keys}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="ledger-keys"
        onRow={(key) => ({ 'data-testid': `ledger-key-${key.keyId}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ledger.keys.name'), dataIndex: 'name' },
          {
            title: t('ledger.keys.algorithm'),
            dataIndex: 'algorithm',
            render: (algorithm: string) => <Tag color="geekblue">{algorithm}</Tag>,
          },
          {
            title: t('ledger.keys.keyId'),
            dataIndex: 'keyId',
            render: (keyId: string) => <Typography.Text code>{keyId}</Typography.Text>,
          },
          {
            title: t('ledger.keys.publicKey'),
            dataIndex: 'publicKey',
            render: (key: string) => <HashText value={key} width={240} />,
          },
          {
            title: t('ledger.keys.status'),
            dataIndex: 'status',
            render: (status: LedgerKey['status']) => (
              <Tag color={KEY_STATUS_COLORS[status]}>{t(`ledger.keys.status.${status}`)}</Tag>
            ),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          { title: t('ledger.keys.retiredAt'), dataIndex: 'retiredAt', render: formatDateTime },
        ]}
      />
    </>
  );
}

function AuditsTab({ audits, onAudited }: { audits: Loaded<Items<LedgerAudit>>; onAudited(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const audit = async () => {
    setRunning(true);
    try {
      const result = await api.post<LedgerAudit>('/ledger/audits');
      if (result.ok) message.success(t('ledger.audit.passed'));
      else message.error(t('ledger.audit.failedShort', { n: result.problems.length }));
      onAudited();
    } catch (error) {
      message.error(toApiError(error).message);
    } finally {
      setRunning(false);
    }
  };
  return (
    <>
      <div className="xy-toolbar">
        <Typography.Text type="secondary">{t('ledger.audit.hint')}</Typography.Text>
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={running}
          onClick={audit}
          data-testid="ledger-audit-run"
        >
          {t('ledger.audit.run')}
        </Button>
      </div>
      {audits.error && (
        <Alert type="error" showIcon title={audits.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<LedgerAudit>
        size="middle"
        rowKey="id"
        loading={audits.loading}
        dataSource={audits.data?.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="ledger-audits"
        onRow={(run) =>
          ({ 'data-testid': 'ledger-audit-row', 'data-ok': String(run.ok) }) as HTMLAttributes<HTMLElement>
        }
        expandable={{
          rowExpandable: (run) => run.problems.length > 0,
          expandedRowRender: (run) => (
            <Table<AuditProblem>
              size="small"
              rowKey={(_, index) => String(index)}
              pagination={false}
              dataSource={run.problems}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('ledger.audit.problemCode'),
                  dataIndex: 'code',
                  render: (code: string) => <Tag color="red">{code}</Tag>,
                },
                {
                  title: t('ledger.audit.problemMessage'),
                  dataIndex: 'message',
                  render: (text: string) => <Typography.Text type="danger">{text}</Typography.Text>,
                },
                {
                  title: t('ledger.audit.leafIndex'),
                  dataIndex: 'leafIndex',
                  align: 'right',
                  render: (index?: number) => index ?? '—',
                },
                {
                  title: t('ledger.audit.object'),
                  key: 'object',
                  render: (_, problem) =>
                    problem.objectType ? `${problem.objectType} ${problem.objectId ?? ''}` : '—',
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('ledger.audit.id'), dataIndex: 'id' },
          { title: t('ledger.audit.startedAt'), dataIndex: 'startedAt', render: formatDateTime },
          { title: t('ledger.audit.finishedAt'), dataIndex: 'finishedAt', render: formatDateTime },
          { title: t('ledger.stat.treeSize'), dataIndex: 'treeSize', align: 'right' },
          {
            title: t('ledger.audit.result'),
            dataIndex: 'ok',
            render: (ok: boolean, run) =>
              ok ? (
                <Badge status="success" text={t('ledger.audit.ok')} />
              ) : (
                <Badge
                  status="error"
                  text={
                    <Typography.Text type="danger" strong>
                      {t('ledger.audit.problems', { n: run.problems.length })}
                    </Typography.Text>
                  }
                />
              ),
          },
        ]}
      />
    </>
  );
}

interface WitnessForm {
  name: string;
  publicKey: string;
  description?: string;
}

function WitnessesTab() {
  const { t } = useI18n();
  const requiredRule = useRequiredRule();
  const witnesses = useApi<Witnesses>('/ledger/witnesses');
  const { busy, run } = useRun();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<WitnessForm>();
  const treeSize = witnesses.data?.treeSize ?? 0;

  const remove = async (witness: Witness) => {
    const done = await run(
      witness.name,
      () => api.delete(`/ledger/witnesses/${encodeURIComponent(witness.name)}`),
      t('ledger.witness.removed', { name: witness.name }),
    );
    if (done) witnesses.reload();
  };

  return (
    <>
      <div className="xy-toolbar">
        <Typography.Text type="secondary">{t('ledger.witness.hint')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          data-testid="witness-add"
        >
          {t('ledger.witness.add')}
        </Button>
      </div>
      {witnesses.error && (
        <Alert type="error" showIcon title={witnesses.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<Witness>
        size="middle"
        rowKey="name"
        loading={witnesses.loading}
        dataSource={witnesses.data?.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="ledger-witnesses"
        onRow={(witness) => ({ 'data-testid': `witness-${witness.name}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ledger.witness.name'), dataIndex: 'name' },
          {
            title: t('ledger.keys.keyId'),
            dataIndex: 'keyId',
            render: (keyId: string) => <Typography.Text code>{keyId}</Typography.Text>,
          },
          {
            title: t('ledger.keys.publicKey'),
            dataIndex: 'publicKey',
            render: (key: string) => <HashText value={key} width={200} />,
          },
          {
            title: t('ledger.witness.description'),
            dataIndex: 'description',
            render: (text: string) => text || '—',
          },
          {
            title: t('ledger.keys.status'),
            dataIndex: 'active',
            render: (active: boolean) =>
              active ? (
                <Tag color="success">{t('ledger.witness.active')}</Tag>
              ) : (
                <Tag>{t('ledger.witness.inactive')}</Tag>
              ),
          },
          {
            title: t('ledger.witness.lastCosigned'),
            dataIndex: 'lastCosigned',
            render: (last: Witness['lastCosigned']) =>
              last ? (
                <Space size={4} wrap>
                  <span>{t('ledger.checkpoint.sizeValue', { n: last.treeSize.toLocaleString() })}</span>
                  <Typography.Text type="secondary">{formatDateTime(last.cosignedAt)}</Typography.Text>
                  {last.treeSize < treeSize && (
                    <Tag color="warning">{t('ledger.witness.behind', { n: treeSize - last.treeSize })}</Tag>
                  )}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('ledger.witness.never')}</Typography.Text>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, witness) =>
              witness.active && (
                <Popconfirm
                  title={t('ledger.witness.removeConfirm', { name: witness.name })}
                  onConfirm={() => remove(witness)}
                >
                  <ActionButton
                    danger
                    loading={busy === witness.name}
                    data-testid={`witness-remove-${witness.name}`}
                  >
                    {t('ledger.remove')}
                  </ActionButton>
                </Popconfirm>
              ),
          },
        ]}
      />
      <FormDrawer<WitnessForm>
        open={adding}
        size={520}
        title={t('ledger.witness.add')}
        submitText={t('ledger.witness.addSubmit')}
        form={form}
        initialValues={{}}
        notice={
          <Alert type="info" showIcon title={t('ledger.witness.formNotice')} style={{ marginBottom: 16 }} />
        }
        testId="witness-form"
        onSubmit={async (values) => {
          await api.post('/ledger/witnesses', {
            name: values.name.trim(),
            publicKey: values.publicKey.trim(),
            description: values.description?.trim() ?? '',
          });
          form.resetFields();
          setAdding(false);
          witnesses.reload();
        }}
        onFailure={(failure) => {
          if (failure.field === 'name' || failure.field === 'publicKey')
            form.setFields([{ name: failure.field, errors: [failure.message] }]);
        }}
        onClose={() => setAdding(false)}
      >
        <Form.Item
          name="name"
          label={t('ledger.witness.name')}
          extra={t('ledger.witness.nameHint')}
          rules={[requiredRule(t('ledger.witness.name')), { max: 100 }]}
        >
          <Input data-testid="witness-form-name" />
        </Form.Item>
        <Form.Item
          name="publicKey"
          label={t('ledger.witness.publicKey')}
          extra={t('ledger.witness.publicKeyHint')}
          rules={[
            requiredRule(t('ledger.witness.publicKey')),
            {
              validator: (_, value?: string) =>
                !value || base64Length(value) === 32
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('ledger.witness.publicKeyRule'))),
            },
          ]}
        >
          <Input className="xy-mono-input" data-testid="witness-form-key" />
        </Form.Item>
        <Form.Item name="description" label={t('ledger.witness.description')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="witness-form-description" />
        </Form.Item>
      </FormDrawer>
    </>
  );
}

/** A peer platform's `/ledger/keys` JSON as the import body (the key fields it needs, nothing else). */
function parsePeer(text: string, messages: { json: string; shape: string }) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(messages.json);
  }
  const peer = value as Partial<{ origin: unknown; hash: unknown; keys: unknown }> | null;
  const keys = Array.isArray(peer?.keys) ? (peer.keys as Partial<PublicKey>[]) : [];
  const keyOk = (key: Partial<PublicKey>) =>
    !!key &&
    typeof key.name === 'string' &&
    (KEY_ALGORITHMS as unknown[]).includes(key.algorithm) &&
    typeof key.keyId === 'string' &&
    typeof key.publicKey === 'string';
  if (
    typeof peer?.origin !== 'string' ||
    !peer.origin.trim() ||
    !(HASHES as unknown[]).includes(peer.hash) ||
    !keys.length ||
    !keys.every(keyOk)
  )
    throw new Error(messages.shape);
  return {
    origin: peer.origin,
    hash: peer.hash as LedgerHash,
    keys: keys.map(({ name, algorithm, keyId, publicKey }) => ({ name, algorithm, keyId, publicKey })),
  };
}

function PeersTab() {
  const { t } = useI18n();
  const requiredRule = useRequiredRule();
  const peers = useApi<Peer[]>('/ledger/peers');
  const { busy, run } = useRun();
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm<{ json: string }>();
  const [fileError, setFileError] = useState<ApiError | null>(null);
  const parseMessages = { json: t('ledger.peer.jsonInvalid'), shape: t('ledger.peer.jsonShape') };

  const remove = async (peer: Peer) => {
    const done = await run(
      peer.origin,
      () => api.delete<Peer[]>(`/ledger/peers/${encodeURIComponent(peer.origin)}`),
      t('ledger.peer.removed', { origin: peer.origin }),
    );
    if (done) peers.reload();
  };

  return (
    <>
      <div className="xy-toolbar">
        <Typography.Text type="secondary">{t('ledger.peer.hint')}</Typography.Text>
        <Space wrap>
          <a href="/api/v1/ledger/keys" download="ledger-keys.json" data-testid="peer-own-keys">
            <CloudDownloadOutlined /> {t('ledger.peer.ownKeys')}
          </a>
          <Button
            type="primary"
            icon={<ImportOutlined />}
            onClick={() => setImporting(true)}
            data-testid="peer-import"
          >
            {t('ledger.peer.import')}
          </Button>
        </Space>
      </div>
      {peers.error && (
        <Alert type="error" showIcon title={peers.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<Peer>
        size="middle"
        rowKey="origin"
        loading={peers.loading}
        dataSource={peers.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="ledger-peers"
        locale={{ emptyText: <Empty description={t('ledger.peer.empty')} /> }}
        onRow={(peer) =>
          ({ 'data-testid': 'peer-row', 'data-origin': peer.origin }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('ledger.peer.origin'), dataIndex: 'origin' },
          { title: t('ledger.stat.hash'), dataIndex: 'hash' },
          {
            title: t('ledger.peer.keys'),
            dataIndex: 'keys',
            render: (keys: PublicKey[]) => (
              <Space size={[4, 4]} wrap>
                {keys.map((key) => (
                  <Tag key={key.keyId} color="geekblue" title={key.publicKey}>
                    {key.algorithm} {key.keyId}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('ledger.peer.importedAt'), dataIndex: 'importedAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, peer) => (
              <Popconfirm
                title={t('ledger.peer.removeConfirm', { origin: peer.origin })}
                onConfirm={() => remove(peer)}
              >
                <ActionButton danger loading={busy === peer.origin} data-testid="peer-remove">
                  {t('ledger.remove')}
                </ActionButton>
              </Popconfirm>
            ),
          },
        ]}
      />
      <FormDrawer<{ json: string }>
        open={importing}
        size={640}
        title={t('ledger.peer.import')}
        submitText={t('ledger.peer.importSubmit')}
        form={form}
        initialValues={{}}
        notice={
          <Alert type="info" showIcon title={t('ledger.peer.formNotice')} style={{ marginBottom: 16 }} />
        }
        testId="peer-form"
        onSubmit={async (values) => {
          await api.post<Peer[]>('/ledger/peers', parsePeer(values.json, parseMessages));
          form.resetFields();
          setImporting(false);
          peers.reload();
        }}
        onClose={() => setImporting(false)}
      >
        <Form.Item label={t('ledger.peer.file')}>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            maxCount={1}
            beforeUpload={async (file) => {
              setFileError(null);
              try {
                form.setFieldsValue({ json: await file.text() });
                await form.validateFields(['json']);
              } catch (error) {
                if (error instanceof Error) setFileError(toApiError(error));
              }
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="peer-form-file">
              {t('ledger.peer.chooseFile')}
            </Button>
          </Upload>
          {fileError && <Typography.Text type="danger">{fileError.message}</Typography.Text>}
        </Form.Item>
        <Form.Item
          name="json"
          label={t('ledger.peer.json')}
          rules={[
            requiredRule(t('ledger.peer.json')),
            {
              validator: (_, value?: string) => {
                if (!value) return Promise.resolve();
                try {
                  parsePeer(value, parseMessages);
                  return Promise.resolve();
                } catch (error) {
                  return Promise.reject(error);
                }
              },
            },
          ]}
        >
          <Input.TextArea
            rows={14}
            className="xy-mono-input"
            placeholder={t('ledger.peer.jsonPlaceholder')}
            data-testid="peer-form-json"
          />
        </Form.Item>
      </FormDrawer>
    </>
  );
}

/** Leaves by position: the page is a `start`/`end` window of the log. */
function EntriesTab({ treeSize }: { treeSize: number | undefined }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(ENTRY_PAGE_SIZES[0]);
  const [jump, setJump] = useState<number | null>(null);
  const start = (page - 1) * pageSize;
  // The log only grows: the larger of the health figure and the last answer is the newer size.
  const [seen, setSeen] = useState(0);
  const total = Math.max(seen, treeSize ?? 0);
  const end = Math.min(start + pageSize, total);
  const entries = useApi<LedgerEntries>(end > start ? `/ledger/entries${toQuery({ start, end })}` : null);
  const answered = entries.data?.treeSize ?? 0;
  if (answered > seen) setSeen(answered);

  const goTo = (index: number | null) => {
    if (index === null || index < 0) return;
    setPage(Math.floor(Math.min(index, Math.max(total - 1, 0)) / pageSize) + 1);
  };

  if (treeSize === 0 && !total) return <Empty description={t('ledger.entries.empty')} />;

  return (
    <>
      <div className="xy-toolbar">
        <Typography.Text type="secondary">{t('ledger.entries.hint')}</Typography.Text>
        <Space.Compact>
          <InputNumber<number>
            min={0}
            max={Math.max(total - 1, 0)}
            precision={0}
            placeholder={t('ledger.entries.index')}
            value={jump}
            onChange={setJump}
            onPressEnter={() => goTo(jump)}
            style={{ width: 140 }}
            data-testid="ledger-entries-jump"
          />
          <Button onClick={() => goTo(jump)} data-testid="ledger-entries-go">
            {t('ledger.entries.go')}
          </Button>
        </Space.Compact>
      </div>
      {entries.error && (
        <Alert type="error" showIcon title={entries.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<LedgerEntry>
        size="middle"
        rowKey="index"
        loading={entries.loading}
        dataSource={entries.data?.entries}
        scroll={{ x: 'max-content' }}
        data-testid="ledger-entries"
        onRow={(entry) =>
          ({ 'data-testid': 'ledger-entry', 'data-index': entry.index }) as HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: ENTRY_PAGE_SIZES,
          showTotal: () => t('ledger.entries.range', { from: start, to: Math.max(end - 1, start), n: total }),
          onChange: (nextPage, nextSize) => {
            if (nextSize !== pageSize) {
              setPageSize(nextSize);
              setPage(Math.floor(start / nextSize) + 1);
            } else setPage(nextPage);
          },
        }}
        expandable={{
          expandedRowRender: (entry) => (
            <>
              <Typography.Text type="secondary">{t('ledger.entries.raw')}</Typography.Text>
              {mono(entry.entry)}
              <Typography.Text type="secondary">{t('ledger.entries.decoded')}</Typography.Text>
              {mono(JSON.stringify(entry.decoded, null, 2))}
            </>
          ),
        }}
        columns={[
          { title: t('ledger.entries.index'), dataIndex: 'index', align: 'right' },
          {
            title: t('ledger.entries.type'),
            key: 'type',
            render: (_, entry) => <Tag>{entry.decoded.type}</Tag>,
          },
          {
            title: t('ledger.entries.object'),
            key: 'object',
            render: (_, { decoded }) => (
              <Space size={4}>
                <Typography.Text type="secondary">{decoded.objectType}</Typography.Text>
                {decoded.objectType === 'credit_record' ? (
                  <a href={`/records/${encodeURIComponent(decoded.objectId)}`} target="_blank" rel="noopener">
                    {decoded.objectId}
                  </a>
                ) : (
                  decoded.objectId
                )}
              </Space>
            ),
          },
          {
            title: t('ledger.entries.version'),
            key: 'version',
            align: 'right',
            render: (_, e) => e.decoded.version,
          },
          { title: t('ledger.entries.subject'), key: 'subject', render: (_, e) => e.decoded.subject ?? '—' },
          { title: t('ledger.entries.actor'), key: 'actor', render: (_, e) => e.decoded.actor },
          {
            title: t('ledger.entries.contentHash'),
            key: 'contentHash',
            render: (_, e) => <HashText value={e.decoded.contentHash} />,
          },
          { title: t('ledger.entries.time'), key: 'time', render: (_, e) => formatDateTime(e.decoded.time) },
          { title: t('ledger.entries.sequencedAt'), dataIndex: 'sequencedAt', render: formatDateTime },
        ]}
      />
    </>
  );
}
