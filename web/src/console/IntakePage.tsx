import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { type ApiError, api, toApiError, toQuery, uploadFile } from '../api/client';
import type { Batch } from '../api/records-types';
import { formatDateTime } from '../components/format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { useAuth } from './auth';
import { ActionButton } from './parts/ActionButton';
import {
  CatalogueItemSelect,
  csvTemplate,
  DEFAULT_ITEM,
  useCatalogueItems,
  useItemName,
} from './parts/intake';
import { PagedTable } from './parts/PagedTable';
import './intake.css';

const POLL_MS = 700;
const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS_COLORS: Record<Batch['status'], string> = {
  RUNNING: 'processing',
  DONE: 'success',
  FAILED: 'error',
};

const errorReportUrl = (batch: Batch) => `/api/v1/intake/batches/${batch.id}/error-report`;
const quarantineUrl = (batch: Batch) => `/console/quarantine${toQuery({ batch: batch.id })}`;

/** Polls `/intake/batches/{id}` every 700 ms while the batch is RUNNING; `onSettled` when it stops. */
function useBatch(initial: Batch | null, onSettled: () => void) {
  const [batch, setBatch] = useState<Batch | null>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const settled = useRef(onSettled);
  settled.current = onSettled;

  // Each answer is a new `batch`, which schedules the next poll until the batch stops running.
  useEffect(() => {
    if (batch?.status !== 'RUNNING') return;
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const next = await api.get<Batch>(`/intake/batches/${batch.id}`);
        if (!live) return;
        setBatch(next);
        if (next.status !== 'RUNNING') settled.current();
      } catch (failure) {
        if (live) setError(failure as ApiError);
      }
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [batch]);

  const show = (next: Batch | null) => {
    setError(null);
    setBatch(next);
  };
  return { batch, error, show };
}

/** 数据报送: upload a CSV/XLSX file for a catalogue item, follow its progress, see the history. */
export default function IntakePage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const items = useCatalogueItems();
  const itemName = useItemName();
  const [itemCode, setItemCode] = useState(DEFAULT_ITEM);
  const item = items.find((candidate) => candidate.code === itemCode);
  const history = usePagedQuery<Batch>('/intake/batches', [], 10);
  const current = useBatch(null, history.reload);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useDocumentTitle(t('console.menu.intake'));

  const upload = async (file: File | undefined) => {
    if (!file || uploading) return;
    setUploading(true);
    setUploadError(null);
    current.show(null);
    try {
      const batch = await uploadFile<Batch>(
        `/intake/${encodeURIComponent(itemCode)}/files${toQuery({ fileName: file.name })}`,
        file,
      );
      current.show(batch);
      history.reload();
    } catch (error) {
      setUploadError(toApiError(error));
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    upload(event.dataTransfer.files[0]);
  };

  const noDepartment = user?.departmentId === null;

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <Card title={t('console.menu.intake')}>
        {noDepartment && (
          <Alert
            type="warning"
            showIcon
            title={t('intake.noDepartment')}
            style={{ marginBottom: 16 }}
            data-testid="intake-no-department"
          />
        )}
        <Space wrap size="middle" style={{ marginBottom: 16 }}>
          <span>{t('intake.item')}</span>
          <CatalogueItemSelect
            value={itemCode}
            onChange={(code) => setItemCode(code ?? DEFAULT_ITEM)}
            data-testid="intake-item-select"
            style={{ width: 300 }}
          />
          {item && (
            <a
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(csvTemplate(item))}`}
              download={`${item.code}-${t('intake.templateFile')}.csv`}
              data-testid="intake-template"
            >
              <DownloadOutlined /> {t('intake.template')}
            </a>
          )}
        </Space>
        <Alert type="info" showIcon title={t('intake.formats')} style={{ marginBottom: 16 }} />
        <button
          type="button"
          className={`xy-intake-drop${dragging ? ' xy-intake-drop-active' : ''}`}
          disabled={uploading}
          onClick={() => input.current?.click()}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="intake-drop"
        >
          <InboxOutlined className="xy-intake-drop-icon" />
          <Typography.Text strong>{uploading ? t('intake.uploading') : t('intake.drop')}</Typography.Text>
          <Typography.Text type="secondary">
            {t('intake.dropHint', { item: itemName(itemCode) })}
          </Typography.Text>
        </button>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          hidden
          onChange={(event) => upload(event.target.files?.[0])}
          data-testid="intake-file-input"
        />
        <div style={{ marginTop: 12 }}>
          <Button
            icon={<UploadOutlined />}
            loading={uploading}
            onClick={() => input.current?.click()}
            data-testid="intake-upload"
          >
            {t('intake.upload')}
          </Button>
        </div>
        {uploadError && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={t('intake.uploadFailed')}
            description={
              <>
                {uploadError.message} <Typography.Text code>{uploadError.code}</Typography.Text>
              </>
            }
            data-testid="intake-upload-error"
          />
        )}
        {current.error && (
          <Alert type="error" showIcon style={{ marginTop: 16 }} title={current.error.message} />
        )}
        {current.batch && <BatchPanel batch={current.batch} itemName={itemName} />}
      </Card>
      <Card title={t('intake.history')}>
        <PagedTable<Batch>
          query={history}
          testId="intake-history"
          rowKey="id"
          columns={[
            { title: t('intake.batchId'), dataIndex: 'id' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            { title: t('intake.item'), dataIndex: 'item', render: (code: string) => itemName(code) },
            {
              title: t('intake.file'),
              key: 'file',
              render: (_, batch) => (
                <>
                  <Tag>{t(`intake.channel.${batch.channel}` as MessageKey)}</Tag>
                  {batch.fileName ?? '—'}
                </>
              ),
            },
            { title: t('intake.department'), dataIndex: 'departmentName' },
            {
              title: t('intake.status'),
              dataIndex: 'status',
              render: (status: Batch['status'], batch) => (
                <Tag color={STATUS_COLORS[status]} title={batch.errorMessage ?? undefined}>
                  {t(`intake.status.${status}` as MessageKey)}
                </Tag>
              ),
            },
            { title: t('intake.total'), dataIndex: 'total', align: 'right' },
            { title: t('intake.accepted'), dataIndex: 'accepted', align: 'right' },
            { title: t('intake.updated'), dataIndex: 'updated', align: 'right' },
            { title: t('intake.duplicate'), dataIndex: 'duplicate', align: 'right' },
            {
              title: t('intake.rejected'),
              dataIndex: 'rejected',
              align: 'right',
              render: (rejected: number) =>
                rejected ? <Typography.Text type="danger">{rejected}</Typography.Text> : rejected,
            },
            {
              title: t('intake.openQuarantine'),
              dataIndex: 'openQuarantine',
              align: 'right',
              render: (open: number, batch) => (open ? <Link to={quarantineUrl(batch)}>{open}</Link> : open),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              render: (_, batch) => (
                <Space>
                  <ActionButton onClick={() => current.show(batch)} data-testid="intake-history-view">
                    {t('intake.view')}
                  </ActionButton>
                  {batch.rejected > 0 && (
                    <a href={errorReportUrl(batch)} download>
                      {t('intake.errorReportShort')}
                    </a>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** The progress bar of a batch, then its totals and the ways to deal with rejected rows. */
function BatchPanel({ batch, itemName }: { batch: Batch; itemName: (code: string) => string }) {
  const { t } = useI18n();
  const done = batch.status === 'DONE';
  const percent = done ? 100 : Math.floor(batch.progress * 100);
  const status = batch.status === 'FAILED' ? 'exception' : done ? 'success' : 'active';
  const stat = (key: 'total' | 'accepted' | 'updated' | 'duplicate' | 'rejected', testId?: string) => (
    <Col xs={12} sm={8} md={4}>
      <Statistic
        title={t(`intake.${key}`)}
        value={batch[key]}
        styles={key === 'rejected' && batch.rejected ? { content: { color: '#cf1322' } } : undefined}
        valueRender={() => <span data-testid={testId}>{batch[key]}</span>}
      />
    </Col>
  );

  return (
    <Card
      type="inner"
      size="small"
      style={{ marginTop: 16 }}
      title={
        <Space>
          {t('intake.batchTitle', { id: batch.id })}
          <Tag color={STATUS_COLORS[batch.status]} data-testid="intake-batch-status">
            {t(`intake.status.${batch.status}` as MessageKey)}
          </Tag>
        </Space>
      }
      data-testid="intake-batch"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'item', label: t('intake.item'), children: itemName(batch.item) },
          { key: 'file', label: t('intake.file'), children: batch.fileName ?? '—' },
          { key: 'encoding', label: t('intake.encoding'), children: batch.encoding ?? '—' },
        ]}
      />
      <div data-testid="intake-progress">
        <Progress percent={percent} status={status} />
      </div>
      {batch.status !== 'RUNNING' && (
        <div data-testid="intake-result" style={{ marginTop: 16 }}>
          {batch.status === 'FAILED' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('intake.failed')}
              description={
                <>
                  {batch.errorMessage ?? '—'}{' '}
                  {batch.errorCode && <Typography.Text code>{batch.errorCode}</Typography.Text>}
                </>
              }
              data-testid="intake-failed"
            />
          )}
          <Row gutter={[16, 16]}>
            {stat('total', 'intake-total')}
            {stat('accepted', 'intake-accepted')}
            {stat('updated', 'intake-updated')}
            {stat('duplicate', 'intake-duplicate')}
            {stat('rejected', 'intake-rejected')}
          </Row>
          {batch.rejected > 0 && (
            <Space wrap size="large" style={{ marginTop: 16 }}>
              <a href={errorReportUrl(batch)} download data-testid="intake-error-report">
                <DownloadOutlined /> {t('intake.errorReport')}
              </a>
              <Link to={quarantineUrl(batch)} data-testid="intake-quarantine-link">
                {t('intake.toQuarantine', { n: batch.openQuarantine })}
              </Link>
            </Space>
          )}
        </div>
      )}
    </Card>
  );
}
