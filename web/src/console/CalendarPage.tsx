import { CalculatorOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type CSSProperties, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, toQuery } from '../api/client';
import type { CalendarDay, CalendarYear } from '../api/records-types';
import { type Items, PERMISSIONS } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { formatDateTime, shanghaiToday } from '../components/format';
import { PageSpin } from '../components/PageSpin';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './auth';
import { FormDrawer } from './parts/FormDrawer';
import { FormListTable } from './parts/FormListTable';
import { useRequiredRule } from './parts/useRequiredRule';

type DayKind = CalendarDay['kind'];
const KINDS: DayKind[] = ['HOLIDAY', 'WORKDAY'];
const MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const KIND_COLORS: Record<DayKind, string> = { HOLIDAY: 'red', WORKDAY: 'gold' };
const CELL_STYLES: Record<DayKind | 'WEEKEND' | 'NORMAL', CSSProperties> = {
  HOLIDAY: { background: '#fff1f0', border: '1px solid #ffa39e', color: '#c8102e', fontWeight: 600 },
  WORKDAY: { background: '#fffbe6', border: '1px solid #ffd666', color: '#ad6800', fontWeight: 600 },
  WEEKEND: { background: '#fafafa', border: '1px solid transparent', color: '#8c8c8c' },
  NORMAL: { border: '1px solid transparent' },
};

/** 0 = Monday … 6 = Sunday. */
const weekdayIndex = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month + 1)}-${pad(day)}`;

/** Every date from `from` to `to` inclusive (YYYY-MM-DD). */
function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (
    let time = Date.parse(`${from}T00:00:00Z`);
    time <= Date.parse(`${to}T00:00:00Z`);
    time += 86_400_000
  ) {
    dates.push(new Date(time).toISOString().slice(0, 10));
  }
  return dates;
}

/** 节假日安排: holidays and make-up working days per year (the basis of every working-day deadline). */
export default function CalendarPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const manage = can(PERMISSIONS.catalogueManage);
  useDocumentTitle(t('console.menu.calendar'));
  const calendar = useApi<Items<CalendarYear>>('/calendar');
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<{ year: number; data?: CalendarYear; session: number } | null>(null);

  const thisYear = Number(shanghaiToday().slice(0, 4));
  const years = calendar.data?.items ?? [];
  const requested = Number(params.get('year'));
  const selected =
    years.find((entry) => entry.year === requested) ??
    years.find((entry) => entry.year === thisYear) ??
    years[years.length - 1];
  const view = params.get('view') === 'list' ? 'list' : 'grid';
  const setParam = (key: string, value: string | null) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  // The first current-or-future year without a schedule.
  let addable = thisYear;
  while (years.some((entry) => entry.year === addable)) addable += 1;

  const edit = (year: number, data?: CalendarYear) =>
    setEditing((previous) => ({ year, data, session: (previous?.session ?? 0) + 1 }));

  let body: React.ReactNode;
  if (calendar.error) body = <ErrorResult error={calendar.error} onRetry={calendar.reload} />;
  else if (!calendar.data) body = <PageSpin />;
  else if (!selected) body = <Alert type="info" showIcon title={t('calendar.empty')} />;
  else
    body = (
      <Tabs
        destroyOnHidden
        activeKey={String(selected.year)}
        onChange={(key) => setParam('year', key)}
        items={years.map((entry) => ({
          key: String(entry.year),
          label: (
            <span data-testid={`calendar-year-${entry.year}`}>
              {t('calendar.year', { year: entry.year })}
              {entry.provisional && (
                <Tag color="warning" style={{ marginInlineStart: 6 }} data-testid="calendar-provisional">
                  {t('calendar.provisional')}
                </Tag>
              )}
            </span>
          ),
          children: (
            <YearPanel
              data={entry}
              view={view}
              onView={(next) => setParam('view', next === 'grid' ? null : next)}
              editable={manage ? entry.year >= thisYear : undefined}
              onEdit={() => edit(entry.year, entry)}
            />
          ),
        }))}
      />
    );

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card
          title={t('console.menu.calendar')}
          extra={
            manage &&
            calendar.data && (
              <Button icon={<PlusOutlined />} onClick={() => edit(addable)} data-testid="calendar-add-year">
                {t('calendar.addYear', { year: addable })}
              </Button>
            )
          }
        >
          {body}
        </Card>
      </Col>
      <Col span={24}>
        <WorkingDaysCalculator />
      </Col>
      {editing && (
        <YearEditor
          key={editing.session}
          year={editing.year}
          data={editing.data}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setParam('year', String(editing.year));
            calendar.reload();
          }}
        />
      )}
    </Row>
  );
}

/** One year: provisional warning, source, the month grid or the list of days, the edit button. */
function YearPanel({
  data,
  view,
  onView,
  editable,
  onEdit,
}: {
  data: CalendarYear;
  view: 'grid' | 'list';
  onView(view: string): void;
  /** undefined: the user may not edit at all; false: the year is closed. */
  editable: boolean | undefined;
  onEdit(): void;
}) {
  const { t } = useI18n();
  const weekdays = t('calendar.weekdays').split(',');
  const holidays = data.days.filter((day) => day.kind === 'HOLIDAY').length;
  const workdays = data.days.length - holidays;
  return (
    <div data-testid={`calendar-panel-${data.year}`}>
      {data.provisional && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="calendar-provisional-warning"
          title={t('calendar.provisionalWarning', { year: data.year })}
          description={data.note ?? undefined}
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'source', label: t('calendar.source'), children: data.source, span: 'filled' },
          ...(data.note && !data.provisional
            ? [{ key: 'note', label: t('calendar.note'), children: data.note, span: 'filled' as const }]
            : []),
          {
            key: 'counts',
            label: t('calendar.summary'),
            children: t('calendar.counts', { holidays, workdays }),
            span: 'filled',
          },
          { key: 'updatedBy', label: t('calendar.updatedBy'), children: data.updatedBy },
          { key: 'updatedAt', label: t('calendar.updatedAt'), children: formatDateTime(data.updatedAt) },
        ]}
      />
      <div className="xy-toolbar" style={{ marginTop: 16 }}>
        <Segmented
          value={view}
          onChange={(value) => onView(String(value))}
          options={[
            { value: 'grid', label: t('calendar.view.grid') },
            { value: 'list', label: t('calendar.view.list') },
          ]}
          data-testid="calendar-view"
        />
        {editable !== undefined &&
          (editable ? (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={onEdit}
              data-testid={`calendar-edit-${data.year}`}
            >
              {t('calendar.editYear', { year: data.year })}
            </Button>
          ) : (
            <Typography.Text type="secondary" data-testid="calendar-closed">
              {t('calendar.closed')}
            </Typography.Text>
          ))}
      </div>
      {view === 'grid' ? (
        <>
          <Row gutter={[16, 16]}>
            {MONTHS.map((month) => (
              <Col xs={24} sm={12} lg={8} xxl={6} key={month}>
                <MonthGrid year={data.year} month={month} days={data.days} />
              </Col>
            ))}
          </Row>
          <Space size="large" wrap style={{ marginTop: 16 }}>
            {(['HOLIDAY', 'WORKDAY', 'WEEKEND'] as const).map((kind) => (
              <Space key={kind} size={6}>
                <span
                  style={{
                    ...CELL_STYLES[kind],
                    display: 'inline-block',
                    width: 16,
                    height: 16,
                    borderRadius: 4,
                  }}
                />
                {kind === 'WEEKEND' ? t('calendar.legend.weekend') : t(`calendar.kind.${kind}`)}
              </Space>
            ))}
          </Space>
        </>
      ) : (
        <Table<CalendarDay>
          size="small"
          rowKey="date"
          pagination={false}
          dataSource={data.days}
          data-testid={`calendar-days-${data.year}`}
          columns={[
            { title: t('calendar.date'), dataIndex: 'date' },
            {
              title: t('calendar.weekday'),
              key: 'weekday',
              render: (_, day) => weekdays[weekdayIndex(day.date)],
            },
            {
              title: t('calendar.kind'),
              dataIndex: 'kind',
              render: (kind: DayKind) => <Tag color={KIND_COLORS[kind]}>{t(`calendar.kind.${kind}`)}</Tag>,
            },
            { title: t('calendar.name'), dataIndex: 'name' },
          ]}
        />
      )}
    </div>
  );
}

/** A month as a Monday-first grid: days off in red, make-up working days in gold, weekends grey. */
function MonthGrid({ year, month, days }: { year: number; month: number; days: CalendarDay[] }) {
  const { t, lang } = useI18n();
  const weekdays = t('calendar.weekdays').split(',');
  const title = new Intl.DateTimeFormat(lang, {
    month: lang === 'zh-CN' ? 'short' : 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month, 1)));
  const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const offset = weekdayIndex(isoDate(year, month, 1));
  const byDate = new Map(days.map((day) => [day.date, day]));
  const cell: CSSProperties = { textAlign: 'center', lineHeight: '26px', borderRadius: 4, fontSize: 13 };

  return (
    <Card size="small" title={title} data-testid={`calendar-month-${year}-${pad(month + 1)}`}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {weekdays.map((name, index) => (
          <div key={name} style={{ ...cell, color: index >= 5 ? '#8c8c8c' : '#595959', fontSize: 12 }}>
            {name}
          </div>
        ))}
        {Array.from({ length: offset }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed leading blanks of the month
          <div key={`blank-${index}`} />
        ))}
        {Array.from({ length }, (_, index) => {
          const date = isoDate(year, month, index + 1);
          const special = byDate.get(date);
          const kind = special?.kind ?? (weekdayIndex(date) >= 5 ? 'WEEKEND' : 'NORMAL');
          const content = (
            <div
              key={date}
              style={{ ...cell, ...CELL_STYLES[kind] }}
              data-testid={special ? `calendar-day-${date}` : undefined}
              data-kind={special?.kind}
            >
              {index + 1}
            </div>
          );
          return special ? (
            <Tooltip key={date} title={`${date} ${special.name} · ${t(`calendar.kind.${special.kind}`)}`}>
              {content}
            </Tooltip>
          ) : (
            content
          );
        })}
      </div>
    </Card>
  );
}

interface YearForm {
  source: string;
  provisional: boolean;
  note?: string | null;
  days: CalendarDay[];
}

/** Replaces a current or future year's schedule (`PUT /calendar/{year}`). */
function YearEditor({
  year,
  data,
  onClose,
  onSaved,
}: {
  year: number;
  data?: CalendarYear;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<YearForm>();
  const [range, setRange] = useState<{ from: string; to: string; kind: DayKind; name: string }>({
    from: '',
    to: '',
    kind: 'HOLIDAY',
    name: '',
  });
  const days = (Form.useWatch('days', form) as CalendarDay[] | undefined) ?? data?.days ?? [];
  const required = useRequiredRule();
  const min = `${year}-01-01`;
  const max = `${year}-12-31`;

  const addRange = () => {
    if (!range.from || !range.name.trim()) return;
    const to = range.to && range.to >= range.from ? range.to : range.from;
    const taken = new Set(days.map((day) => day?.date));
    const added = datesBetween(range.from, to)
      .filter((date) => date >= min && date <= max && !taken.has(date))
      .map((date) => ({ date, kind: range.kind, name: range.name.trim() }));
    form.setFieldValue(
      'days',
      [...days, ...added].sort((a, b) => (a?.date ?? '').localeCompare(b?.date ?? '')),
    );
  };

  const submit = async (values: YearForm) => {
    await api.put(`/calendar/${year}`, {
      source: values.source.trim(),
      provisional: !!values.provisional,
      note: values.note?.trim() || null,
      days: [...values.days]
        .map((day) => ({ date: day.date, kind: day.kind, name: day.name.trim() }))
        .sort((a, b) => a.date.localeCompare(b.date)),
    });
    message.success(t('common.saved'));
    onSaved();
  };

  return (
    <FormDrawer<YearForm>
      size={760}
      onClose={onClose}
      title={t('calendar.editYear', { year })}
      submitText={t('common.save')}
      form={form}
      initialValues={{
        source: data?.source ?? '',
        provisional: data?.provisional ?? true,
        note: data?.note ?? '',
        days: data?.days ?? [],
      }}
      testId="calendar-form"
      onSubmit={submit}
    >
      <Form.Item
        name="source"
        label={t('calendar.source')}
        rules={[required(t('calendar.source')), { min: 2, max: 200 }]}
      >
        <Input data-testid="calendar-form-source" />
      </Form.Item>
      <Form.Item name="provisional" valuePropName="checked">
        <Checkbox data-testid="calendar-form-provisional">{t('calendar.form.provisional')}</Checkbox>
      </Form.Item>
      <Form.Item name="note" label={t('calendar.note')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('calendar.form.hint')}</Typography.Paragraph>
      <Card size="small" title={t('calendar.form.range')} style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input
            type="date"
            min={min}
            max={max}
            aria-label={t('calendar.form.rangeFrom')}
            value={range.from}
            onChange={(event) => setRange({ ...range, from: event.target.value })}
            data-testid="calendar-range-from"
          />
          ~
          <Input
            type="date"
            min={min}
            max={max}
            aria-label={t('calendar.form.rangeTo')}
            value={range.to}
            onChange={(event) => setRange({ ...range, to: event.target.value })}
            data-testid="calendar-range-to"
          />
          <Select<DayKind>
            value={range.kind}
            style={{ width: 130 }}
            onChange={(kind) => setRange({ ...range, kind })}
            options={KINDS.map((kind) => ({ value: kind, label: t(`calendar.kind.${kind}`) }))}
          />
          <Input
            placeholder={t('calendar.name')}
            style={{ width: 140 }}
            value={range.name}
            maxLength={40}
            onChange={(event) => setRange({ ...range, name: event.target.value })}
            data-testid="calendar-range-name"
          />
          <Button onClick={addRange} icon={<PlusOutlined />} data-testid="calendar-range-add">
            {t('calendar.form.addRange')}
          </Button>
        </Space>
      </Card>
      <FormListTable
        name="days"
        testId="calendar-form-days"
        columns={[
          {
            title: t('calendar.date'),
            key: 'date',
            render: (_, row) => (
              <Form.Item
                name={[row.name, 'date']}
                style={{ marginBottom: 0 }}
                rules={[
                  required(t('calendar.date')),
                  {
                    validator: (_, value?: string) => {
                      if (!value) return Promise.resolve();
                      if (value < min || value > max)
                        return Promise.reject(new Error(t('calendar.form.invalidDate', { year })));
                      return days.filter((day) => day?.date === value).length > 1
                        ? Promise.reject(new Error(t('calendar.form.duplicateDate', { date: value })))
                        : Promise.resolve();
                    },
                  },
                ]}
              >
                <Input type="date" min={min} max={max} style={{ width: 160 }} />
              </Form.Item>
            ),
          },
          {
            title: t('calendar.kind'),
            key: 'kind',
            render: (_, row) => (
              <Form.Item name={[row.name, 'kind']} style={{ marginBottom: 0 }}>
                <Select
                  style={{ width: 130 }}
                  options={KINDS.map((kind) => ({ value: kind, label: t(`calendar.kind.${kind}`) }))}
                />
              </Form.Item>
            ),
          },
          {
            title: t('calendar.name'),
            key: 'name',
            render: (_, row) => (
              <Form.Item
                name={[row.name, 'name']}
                style={{ marginBottom: 0 }}
                rules={[required(t('calendar.name')), { max: 40 }]}
              >
                <Input style={{ width: 160 }} />
              </Form.Item>
            ),
          },
        ]}
        removeLabel={t('common.actions')}
        addText={t('calendar.form.addDay')}
        addTestId="calendar-form-add-day"
        newRow={() => ({ date: '', kind: 'HOLIDAY', name: '' })}
      />
    </FormDrawer>
  );
}

/** Working days between two dates, as the platform counts them for deadlines (start date excluded). */
function WorkingDaysCalculator() {
  const { t } = useI18n();
  const today = shanghaiToday();
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [state, setState] = useState<{
    loading?: boolean;
    result?: { from: string; to: string; workingDays: number };
    error?: string;
  }>({});

  const calculate = async () => {
    setState({ loading: true });
    try {
      setState({
        result: await api.get<{ from: string; to: string; workingDays: number }>(
          `/calendar/working-days${toQuery({ from, to })}`,
        ),
      });
    } catch (error) {
      setState({ error: (error as Error).message });
    }
  };

  return (
    <Card
      title={
        <>
          <CalculatorOutlined /> {t('calendar.calc.title')}
        </>
      }
      data-testid="calendar-calculator"
    >
      <Space wrap align="center">
        <Typography.Text>{t('calendar.calc.from')}</Typography.Text>
        <Input
          type="date"
          aria-label={t('calendar.calc.from')}
          value={from}
          onChange={(event) => setFrom(event.target.value)}
          data-testid="calendar-calc-from"
        />
        <Typography.Text>{t('calendar.calc.to')}</Typography.Text>
        <Input
          type="date"
          aria-label={t('calendar.calc.to')}
          value={to}
          onChange={(event) => setTo(event.target.value)}
          data-testid="calendar-calc-to"
        />
        <Button
          type="primary"
          disabled={!from || !to}
          loading={state.loading}
          onClick={calculate}
          data-testid="calendar-calc-submit"
        >
          {t('calendar.calc.submit')}
        </Button>
        {state.result && (
          <Typography.Text strong data-testid="calendar-calc-result">
            {t('calendar.calc.result', {
              from: state.result.from,
              to: state.result.to,
              n: state.result.workingDays,
            })}
          </Typography.Text>
        )}
        {state.error && (
          <Typography.Text type="danger" data-testid="calendar-calc-error">
            {state.error}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
