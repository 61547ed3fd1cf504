import { DeleteOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../api/client';
import type {
  CatalogueItem,
  Dictionary,
  FieldSpec,
  QuarantineRow,
  RecordError,
  RowResult,
} from '../api/records-types';
import type { Items } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { formatDateTime, formatValue } from '../components/format';
import { useApi } from '../hooks/useApi';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import './intake.css';
import { ActionButton } from './parts/ActionButton';
import { FilterForm } from './parts/FilterForm';
import {
  CatalogueItemSelect,
  fieldForColumn,
  RECORD_ERROR_CODES,
  useCatalogueItems,
  useItemName,
} from './parts/intake';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';
import { ReasonModal } from './parts/ReasonModal';

const FILTERS = ['status', 'batch', 'item', 'code'] as const;
const STATUSES: QuarantineRow['status'][] = ['OPEN', 'RESOLVED', 'DISCARDED'];
const STATUS_COLORS: Record<QuarantineRow['status'], string> = {
  OPEN: 'warning',
  RESOLVED: 'success',
  DISCARDED: 'default',
};

type Filters = { status?: string; batch?: number | string; item?: string; code?: string };

/** The column of `row` an error names: the column itself (unknown columns) or the one for its field code. */
function columnOf(
  error: RecordError,
  columns: string[],
  item: CatalogueItem | undefined,
): string | undefined {
  if (!error.field) return undefined;
  if (columns.includes(error.field)) return error.field;
  return columns.find((column) => fieldForColumn(item, column)?.code === error.field);
}

/** Party name and decision number of a row, whatever its column names. */
function rowSummary(row: QuarantineRow, item: CatalogueItem | undefined): string {
  if (!item) return '—';
  const wanted = [item.roles.partyName, item.roles.decisionNo];
  const values = wanted.map((code) => {
    const column = Object.keys(row.row).find((name) => fieldForColumn(item, name)?.code === code);
    return column ? formatValue(row.row[column]) : '—';
  });
  return values.join(' · ');
}

/** 待纠错: rows rejected at intake; open one to correct and resubmit it, or discard it with a reason. */
export default function QuarantinePage() {
  const { t } = useI18n();
  const query = usePagedQuery<QuarantineRow>('/intake/quarantine', FILTERS);
  const items = useCatalogueItems();
  const itemName = useItemName();
  const [openId, setOpenId] = useState<number | null>(null);
  const status = query.filters.status || 'OPEN';

  return (
    <ListCard
      title={t('console.menu.quarantine')}
      filters={
        <FilterForm<Filters>
          filters={{ ...query.filters, status }}
          onApply={query.setFilters}
          testId="quarantine-filters"
          toFilters={(values) => ({
            status: values.status === 'OPEN' ? '' : (values.status ?? ''),
            batch: values.batch ? String(values.batch) : '',
            item: values.item ?? '',
            code: values.code ?? '',
          })}
        >
          <Form.Item name="status">
            <Select
              style={{ width: 120 }}
              data-testid="quarantine-status"
              options={STATUSES.map((value) => ({
                value,
                label: t(`quarantine.status.${value}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item name="batch">
            <InputNumber<number>
              min={1}
              precision={0}
              placeholder={t('quarantine.batch')}
              style={{ width: 120 }}
              data-testid="quarantine-batch"
            />
          </Form.Item>
          <Form.Item name="item">
            <CatalogueItemSelect
              allowClear
              placeholder={t('quarantine.item')}
              data-testid="quarantine-item"
            />
          </Form.Item>
          <Form.Item name="code">
            <Select
              allowClear
              showSearch={{ optionFilterProp: ['label', 'value'] }}
              popupMatchSelectWidth={false}
              placeholder={t('quarantine.code')}
              style={{ width: 180 }}
              data-testid="quarantine-code"
              options={RECORD_ERROR_CODES.map((code) => ({
                value: code,
                label: t(`quarantine.code.${code}` as MessageKey),
              }))}
            />
          </Form.Item>
        </FilterForm>
      }
    >
      <PagedTable<QuarantineRow>
        query={query}
        testId="quarantine-table"
        rowKey="id"
        onRow={(row) =>
          ({ 'data-testid': 'quarantine-row', 'data-id': row.id }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('quarantine.batch'), dataIndex: 'batchId' },
          { title: t('quarantine.rowNumber'), dataIndex: 'rowNumber' },
          { title: t('quarantine.item'), dataIndex: 'item', render: (code: string) => itemName(code) },
          {
            title: t('quarantine.summary'),
            key: 'summary',
            render: (_, row) =>
              rowSummary(
                row,
                items.find((item) => item.code === row.item),
              ),
          },
          {
            title: t('quarantine.errors'),
            dataIndex: 'errors',
            render: (errors: RecordError[]) => (
              <ul className="xy-quarantine-errors">
                {errors.map((error, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity of their own
                  <li key={index}>
                    <Typography.Text type="danger">{error.message}</Typography.Text>
                  </li>
                ))}
              </ul>
            ),
          },
          {
            title: t('quarantine.statusTitle'),
            dataIndex: 'status',
            render: (value: QuarantineRow['status'], row) => (
              <>
                <Tag color={STATUS_COLORS[value]}>{t(`quarantine.status.${value}` as MessageKey)}</Tag>
                {row.recordId}
              </>
            ),
          },
          { title: t('quarantine.department'), dataIndex: 'departmentName' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, row) => (
              <ActionButton onClick={() => setOpenId(row.id)} data-testid={`quarantine-open-${row.id}`}>
                {row.status === 'OPEN' ? t('quarantine.open') : t('quarantine.view')}
              </ActionButton>
            ),
          },
        ]}
      />
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size={720}
        destroyOnHidden
        title={t('quarantine.drawerTitle')}
        data-testid="quarantine-drawer"
      >
        {openId !== null && (
          <Correction
            key={openId}
            id={openId}
            onChanged={query.reload}
            onDiscarded={() => {
              setOpenId(null);
              query.reload();
            }}
          />
        )}
      </Drawer>
    </ListCard>
  );
}

/** Hint under an input: the expected format, and the values an enumeration accepts. */
function fieldHint(field: FieldSpec, dictionaries: Dictionary[] | undefined, t: (key: MessageKey) => string) {
  const dictionary = dictionaries?.find((candidate) => candidate.code === field.dictionary);
  const values = dictionary?.entries.map((entry) => entry.label).join('、');
  switch (field.type) {
    case 'date':
      return t('quarantine.hint.date');
    case 'amount':
      return t('quarantine.hint.amount');
    case 'uscc':
      return t('quarantine.hint.uscc');
    case 'enum':
      return values && `${t('quarantine.hint.enum')}${values}`;
    case 'enumList':
      return values && `${t('quarantine.hint.enumList')}${values}`;
    default:
      return undefined;
  }
}

/** `columns` plus an input for each field an error names that has no column yet (e.g. a missing 必填项). */
function withErrorColumns(columns: string[], item: CatalogueItem, errors: RecordError[]): string[] {
  const next = [...columns];
  const byCode = columns.filter((column) => item.fields.some((field) => field.code === column)).length;
  const useCodes = byCode * 2 > columns.length;
  for (const error of errors) {
    if (columnOf(error, next, item)) continue;
    const field = item.fields.find((candidate) => candidate.code === error.field);
    if (field) next.push(useCodes ? field.code : field.label);
  }
  return next;
}

type Values = Record<string, string | undefined>;

/** The drawer's content: one row as submitted, its errors next to the fields, resubmit or discard. */
function Correction({ id, onChanged, onDiscarded }: { id: number; onChanged(): void; onDiscarded(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data: row, error } = useApi<QuarantineRow>(`/intake/quarantine/${id}`);
  const { data: item, error: itemError } = useApi<CatalogueItem>(
    row ? `/catalogue/items/${encodeURIComponent(row.item)}` : null,
  );
  const { data: dictionaries } = useApi<Items<Dictionary>>('/dictionaries');
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<RecordError[]>([]);
  const [columns, setColumns] = useState<string[]>([]);
  const [result, setResult] = useState<RowResult | null>(null);
  const [status, setStatus] = useState<QuarantineRow['status']>('OPEN');
  const [saving, setSaving] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const top = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!row || !item) return;
    // A corrected row keeps the errors it had; they no longer apply.
    setErrors(row.status === 'RESOLVED' ? [] : row.errors);
    setStatus(row.status);
    setColumns(withErrorColumns(Object.keys(row.row), item, row.errors));
  }, [row, item]);

  if (error || itemError) return <ErrorResult error={(error ?? itemError)!} />;
  if (!row || !item || !columns.length) return <Skeleton active />;

  const open = status === 'OPEN';
  const located = errors.map((recordError) => ({
    error: recordError,
    column: columnOf(recordError, columns, item),
  }));
  const byColumn = new Map<string, RecordError[]>();
  for (const { error: recordError, column } of located)
    if (column) byColumn.set(column, [...(byColumn.get(column) ?? []), recordError]);

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      // A column the item does not know can be dropped by emptying it.
      const record = Object.fromEntries(
        columns
          .map((column) => [column, values[column] ?? ''] as const)
          .filter(([column, value]) => value !== '' || fieldForColumn(item, column)),
      );
      const response = await api.post<{ result: RowResult; row: QuarantineRow }>(
        `/intake/quarantine/${id}/correct`,
        { record },
      );
      setResult(response.result);
      setStatus(response.row.status);
      if (response.result.status === 'rejected') {
        setErrors(response.result.errors);
        setColumns((previous) => withErrorColumns(previous, item, response.result.errors));
      } else {
        setErrors([]);
        onChanged();
      }
      top.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (failure) {
      message.error(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space ref={top} orientation="vertical" size={16} style={{ display: 'flex' }}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'batch', label: t('quarantine.batch'), children: row.batchId },
          { key: 'row', label: t('quarantine.rowNumber'), children: row.rowNumber },
          { key: 'item', label: t('quarantine.item'), children: item.name },
          { key: 'department', label: t('quarantine.department'), children: row.departmentName },
          {
            key: 'status',
            label: t('quarantine.statusTitle'),
            children: (
              <Tag color={STATUS_COLORS[status]} data-testid="quarantine-status-tag">
                {t(`quarantine.status.${status}` as MessageKey)}
              </Tag>
            ),
          },
          { key: 'createdAt', label: t('common.createdAt'), children: formatDateTime(row.createdAt) },
          ...(row.resolvedBy
            ? [
                { key: 'by', label: t('quarantine.resolvedBy'), children: row.resolvedBy },
                { key: 'at', label: t('quarantine.resolvedAt'), children: formatDateTime(row.resolvedAt) },
              ]
            : []),
        ]}
      />
      {result && <Outcome result={result} />}
      {!result && row.recordId && (
        <Alert type="success" showIcon title={t('quarantine.outcome.accepted', { id: row.recordId })} />
      )}
      {open && !result && <Typography.Text type="secondary">{t('quarantine.note')}</Typography.Text>}
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('quarantine.errorCount', { n: errors.length })}
          description={
            <ul className="xy-quarantine-errors" data-testid="quarantine-errors-summary">
              {located.map(({ error: recordError, column }, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity of their own
                <li key={index}>
                  {column ? (
                    <Typography.Link
                      onClick={() => form.scrollToField([column], { block: 'center', focus: true })}
                    >
                      {recordError.message}
                    </Typography.Link>
                  ) : (
                    recordError.message
                  )}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!open || saving}
        initialValues={Object.fromEntries(
          Object.entries(row.row).map(([column, value]) => [column, value == null ? '' : String(value)]),
        )}
        onFinish={submit}
        data-testid="quarantine-form"
      >
        {columns.map((column) => {
          const field = fieldForColumn(item, column);
          const columnErrors = byColumn.get(column);
          const other = field && (field.code === column ? field.label : field.code);
          const added = !(column in row.row);
          const long = field?.type === 'text' && (field.maxLength ?? 0) > 512;
          return (
            <Form.Item
              key={column}
              name={[column]}
              label={
                <Space size={4} wrap>
                  <span>{column}</span>
                  {other && <Typography.Text type="secondary">({other})</Typography.Text>}
                  {field?.required === true && <Tag color="red">{t('quarantine.required')}</Tag>}
                  {added && <Tag color="blue">{t('quarantine.added')}</Tag>}
                </Space>
              }
              validateStatus={columnErrors ? 'error' : undefined}
              help={
                columnErrors && (
                  <div data-testid={`quarantine-error-${column}`}>
                    {columnErrors.map((recordError) => recordError.message).join('；')}
                  </div>
                )
              }
              extra={field ? fieldHint(field, dictionaries?.items, t) : t('quarantine.hint.unknown')}
            >
              {long ? (
                <Input.TextArea
                  autoSize={{ minRows: 1, maxRows: 6 }}
                  data-testid={`quarantine-field-${column}`}
                />
              ) : (
                <Input data-testid={`quarantine-field-${column}`} />
              )}
            </Form.Item>
          );
        })}
        {open && (
          <Space className="xy-quarantine-actions">
            <Button
              type="primary"
              htmlType="submit"
              icon={<SendOutlined />}
              loading={saving}
              data-testid="quarantine-submit"
            >
              {t('quarantine.submit')}
            </Button>
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={() => setDiscarding(true)}
              data-testid="quarantine-discard"
            >
              {t('quarantine.discard')}
            </Button>
          </Space>
        )}
      </Form>
      <ReasonModal
        open={discarding}
        title={t('quarantine.discard')}
        okText={t('quarantine.discardConfirm')}
        label={t('quarantine.discardReason')}
        successText={t('quarantine.discarded')}
        testId="quarantine-discard"
        onSubmit={(reason) => api.post(`/intake/quarantine/${id}/discard`, { reason })}
        onClose={() => setDiscarding(false)}
        onDone={onDiscarded}
      />
    </Space>
  );
}

/** What became of a resubmitted row. */
function Outcome({ result }: { result: RowResult }) {
  const { t } = useI18n();
  const rejected = result.status === 'rejected';
  return (
    <Alert
      type={rejected ? 'warning' : 'success'}
      showIcon
      data-testid="quarantine-outcome"
      title={
        rejected
          ? t('quarantine.outcome.rejected', { n: result.errors.length })
          : t(`quarantine.outcome.${result.status}`, { id: result.recordId ?? '' })
      }
      description={
        result.recordId && (
          <Link
            to={`/console/records?open=${encodeURIComponent(result.recordId)}`}
            data-testid="quarantine-record"
          >
            {result.recordId}
          </Link>
        )
      }
    />
  );
}
