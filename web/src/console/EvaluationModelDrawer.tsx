import {
  Alert,
  Button,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, api, toApiError } from '../api/client';
import {
  type Backtest,
  type EvaluationModel,
  type EvaluationRun,
  GRADES,
  GRADES_AND_INSUFFICIENT,
  type ModelActivation,
  type ModelPreview,
} from '../api/evaluation-types';
import type { Items } from '../api/types';
import { GradeTag } from '../components/EvaluationParts';
import { RegionName } from '../components/RegionName';
import { useSubjectTypeName } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import { BacktestResult } from './EvaluationBacktest';
import { type ChartOption, ChartOrEmpty } from './parts/Chart';
import { FormDrawer } from './parts/FormDrawer';
import { useRequiredRule } from './parts/useRequiredRule';

type Thresholds = EvaluationModel['thresholds'];

interface ModelValues {
  version: string;
  thresholds: Thresholds;
  /** openness PUBLIC: grades on the portal. */
  publicGrades: boolean;
  /** Per indicator code. */
  indicators: Record<string, { max: number | null; base: number | null }>;
}

const TOTAL_MAX = 1000;

/** The candidate model: the active one with the form's version, thresholds and indicator points. */
function toCandidate(active: EvaluationModel, values: ModelValues) {
  const { id: _id, subjectType: _type, ...model } = active;
  return {
    ...model,
    version: values.version?.trim() ?? '',
    openness: values.publicGrades ? ('PUBLIC' as const) : ('CONSOLE_ONLY' as const),
    thresholds: { A: values.thresholds?.A, B: values.thresholds?.B, C: values.thresholds?.C },
    dimensions: active.dimensions.map((dimension) => ({
      ...dimension,
      indicators: dimension.indicators.map((indicator) => ({
        ...indicator,
        max: values.indicators?.[indicator.code]?.max ?? indicator.max,
        base: values.indicators?.[indicator.code]?.base ?? indicator.base,
      })),
    })),
  };
}

/**
 * 调整模型: a new version of the active model with other thresholds and indicator points. 预演 scores
 * every subject of the type with it (nothing is stored) and shows how the grades would move; 生效,
 * offered only for the values just previewed, stores and activates it (re-scoring in the background).
 * Test ids: `model-form` (and `-version`, `-threshold-{A|B|C}`, `-max-{code}`, `-base-{code}`, `-sum`,
 * `-submit` = 预演, `-activate`, `-activate-confirm`, `-error`), `model-preview`, `model-preview-chart`,
 * `model-preview-moved`, `model-preview-move` rows.
 */
export function ModelDrawer({
  active,
  onClose,
  onActivated,
}: {
  active: EvaluationModel;
  onClose(): void;
  onActivated(activation: ModelActivation): void;
}) {
  const { t } = useI18n();
  const typeName = useSubjectTypeName();
  const requiredRule = useRequiredRule();
  const [form] = Form.useForm<ModelValues>();
  const [preview, setPreview] = useState<{
    key: string;
    result: ModelPreview;
    version: string;
    backtests: [Backtest, Backtest];
  } | null>(null);
  const [activating, setActivating] = useState(false);
  const [activateFailure, setActivateFailure] = useState<ApiError | null>(null);
  /** A refusal of the whole model (e.g. the sum of maxima), for the values it was given for. */
  const [modelRefusal, setModelRefusal] = useState<{ key: string; message: string } | null>(null);

  const initialValues = useMemo(
    (): ModelValues => ({
      version: '',
      thresholds: { ...active.thresholds },
      publicGrades: active.openness === 'PUBLIC',
      indicators: Object.fromEntries(
        active.dimensions.flatMap((dimension) =>
          dimension.indicators.map((indicator) => [
            indicator.code,
            { max: indicator.max, base: indicator.base },
          ]),
        ),
      ),
    }),
    [active],
  );
  const watched = Form.useWatch((values: ModelValues) => values, form) as ModelValues | undefined;
  const values = watched ?? initialValues;
  const sum = Object.values(values.indicators ?? {}).reduce((total, points) => total + (points?.max ?? 0), 0);
  const key = JSON.stringify(toCandidate(active, values));
  const previewed = preview?.key === key;
  const modelFailure = modelRefusal?.key === key ? modelRefusal.message : null;

  /** A server refusal on the field it concerns: the version, a threshold, an indicator or the sum. */
  const markFailure = (failure: ApiError) => {
    if (failure.field === 'version') form.setFields([{ name: 'version', errors: [failure.message] }]);
    else if (failure.field === 'model' || failure.code === 'MODEL_INVALID') {
      const indicator = /指标 (\S+) 的/.exec(failure.message)?.[1];
      if (failure.message.includes('阈值'))
        form.setFields([{ name: ['thresholds', 'A'], errors: [failure.message] }]);
      else if (indicator && indicator in (values.indicators ?? {}))
        form.setFields([{ name: ['indicators', indicator, 'max'], errors: [failure.message] }]);
      else setModelRefusal({ key, message: failure.message });
    }
  };

  const activate = async () => {
    if (!preview || !previewed) return;
    setActivating(true);
    setActivateFailure(null);
    try {
      const activation = await api.post<ModelActivation>('/evaluation/models', {
        subjectType: active.subjectType,
        model: JSON.parse(preview.key),
      });
      onActivated(activation);
    } catch (error) {
      const failure = toApiError(error);
      setActivateFailure(failure);
      markFailure(failure);
    } finally {
      setActivating(false);
    }
  };

  const thresholdRule = (grade: keyof Thresholds) => ({
    validator: (_: unknown, value: number | null) => {
      const thresholds = form.getFieldValue('thresholds') as Thresholds;
      const ok =
        value != null &&
        value > 0 &&
        value <= TOTAL_MAX &&
        (grade !== 'A' || value > thresholds.B) &&
        (grade !== 'B' || (value < thresholds.A && value > thresholds.C)) &&
        (grade !== 'C' || value < thresholds.B);
      return ok ? Promise.resolve() : Promise.reject(new Error(t('evaluation.edit.thresholdOrder')));
    },
  });

  return (
    <FormDrawer<ModelValues>
      size={1000}
      title={t('evaluation.edit.title', { type: typeName(active.subjectType), version: active.version })}
      submitText={t('evaluation.edit.preview')}
      form={form}
      initialValues={initialValues}
      testId="model-form"
      failureTitle={(failure) => `${t('evaluation.edit.failed')}（${failure.code}）`}
      notice={
        <>
          <Alert type="info" showIcon title={t('evaluation.edit.notice')} style={{ marginBottom: 16 }} />
          {activateFailure && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="model-form-activate-error"
              title={`${t('evaluation.edit.failed')}（${activateFailure.code}）`}
              description={activateFailure.message}
            />
          )}
        </>
      }
      actions={
        <Popconfirm
          title={t('evaluation.edit.activateConfirm', { version: preview?.version ?? '' })}
          onConfirm={activate}
          disabled={!previewed}
          okButtonProps={{ 'data-testid': 'model-form-activate-confirm' }}
        >
          <Button
            type="primary"
            danger
            disabled={!previewed}
            loading={activating}
            title={previewed ? undefined : t('evaluation.edit.previewFirst')}
            data-testid="model-form-activate"
          >
            {t('evaluation.edit.activate')}
          </Button>
        </Popconfirm>
      }
      onSubmit={async (submitted) => {
        setModelRefusal(null);
        setActivateFailure(null);
        const candidate = toCandidate(active, submitted);
        const subjectType = active.subjectType;
        const [result, ...backtests] = await Promise.all([
          api.post<ModelPreview>('/evaluation/models/preview', { subjectType, model: candidate }),
          api.post<Backtest>('/evaluation/backtest', { subjectType }),
          api.post<Backtest>('/evaluation/backtest', { subjectType, model: candidate }),
        ]);
        setPreview({
          key: JSON.stringify(candidate),
          result,
          version: candidate.version,
          backtests: backtests as [Backtest, Backtest],
        });
      }}
      onFailure={(failure) => {
        setPreview(null);
        markFailure(failure);
      }}
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item
            name="version"
            label={t('evaluation.edit.version')}
            extra={t('evaluation.edit.versionHint', { version: active.version })}
            rules={[
              requiredRule(t('evaluation.edit.version')),
              { whitespace: true, max: 40 },
              {
                validator: (_, value?: string) =>
                  value?.trim() === active.version
                    ? Promise.reject(new Error(t('evaluation.edit.versionSame')))
                    : Promise.resolve(),
              },
            ]}
          >
            <Input maxLength={40} placeholder={active.version} data-testid="model-form-version" />
          </Form.Item>
        </Col>
        {GRADES.filter((grade) => grade !== 'D').map((grade) => (
          <Col xs={8} md={6} key={grade}>
            <Form.Item
              name={['thresholds', grade]}
              label={t('evaluation.edit.threshold', { grade: t(`evaluation.grade.${grade}`) })}
              dependencies={[
                ['thresholds', 'A'],
                ['thresholds', 'B'],
                ['thresholds', 'C'],
              ].filter((path) => path[1] !== grade)}
              rules={[requiredRule(t(`evaluation.grade.${grade}`)), thresholdRule(grade)]}
            >
              <InputNumber
                min={1}
                max={TOTAL_MAX}
                precision={0}
                style={{ width: '100%' }}
                data-testid={`model-form-threshold-${grade}`}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item
        name="publicGrades"
        label={t('evaluation.edit.public')}
        extra={t('evaluation.edit.publicHint')}
        valuePropName="checked"
      >
        <Switch data-testid="model-form-public" />
      </Form.Item>
      <Form.Item
        label={t('evaluation.edit.indicators')}
        validateStatus={sum !== TOTAL_MAX || modelFailure ? 'error' : undefined}
        help={modelFailure ?? (sum !== TOTAL_MAX ? t('evaluation.edit.sumWrong') : undefined)}
      >
        <Typography.Text
          strong
          type={sum === TOTAL_MAX ? undefined : 'danger'}
          data-testid="model-form-sum"
          data-sum={sum}
        >
          {t('evaluation.edit.sum', { sum, total: TOTAL_MAX })}
        </Typography.Text>
      </Form.Item>
      {active.dimensions.map((dimension) => (
        <Table
          key={dimension.code}
          size="small"
          rowKey="code"
          pagination={false}
          style={{ marginBottom: 16 }}
          dataSource={dimension.indicators}
          title={() => (
            <Typography.Text strong>
              {dimension.name}（{t('evaluation.model.max')}{' '}
              {dimension.indicators.reduce(
                (total, indicator) => total + (values.indicators?.[indicator.code]?.max ?? 0),
                0,
              )}
              ）
            </Typography.Text>
          )}
          columns={[
            {
              title: t('evaluation.model.indicator'),
              key: 'name',
              render: (_, indicator) => (
                <Space orientation="vertical" size={0}>
                  {indicator.name}
                  <Typography.Text type="secondary">{indicator.code}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('evaluation.model.max'),
              key: 'max',
              width: 160,
              render: (_, indicator) => (
                <Form.Item
                  name={['indicators', indicator.code, 'max']}
                  style={{ marginBottom: 0 }}
                  rules={[requiredRule(t('evaluation.model.max'))]}
                >
                  <InputNumber
                    min={1}
                    max={TOTAL_MAX}
                    precision={0}
                    style={{ width: '100%' }}
                    data-testid={`model-form-max-${indicator.code}`}
                  />
                </Form.Item>
              ),
            },
            {
              title: t('evaluation.model.base'),
              key: 'base',
              width: 160,
              render: (_, indicator) => (
                <Form.Item
                  name={['indicators', indicator.code, 'base']}
                  style={{ marginBottom: 0 }}
                  dependencies={[['indicators', indicator.code, 'max']]}
                  rules={[
                    requiredRule(t('evaluation.model.base')),
                    {
                      validator: (_, value: number | null) =>
                        value == null ||
                        value <= (form.getFieldValue(['indicators', indicator.code, 'max']) ?? 0)
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('evaluation.edit.baseAboveMax'))),
                    },
                  ]}
                >
                  <InputNumber
                    min={0}
                    max={TOTAL_MAX}
                    precision={0}
                    style={{ width: '100%' }}
                    data-testid={`model-form-base-${indicator.code}`}
                  />
                </Form.Item>
              ),
            },
          ]}
        />
      ))}
      {preview && (
        <>
          <PreviewResult
            result={preview.result}
            version={preview.version}
            current={active.version}
            stale={!previewed}
          />
          <Divider titlePlacement="start">{t('evaluation.backtest.title')}</Divider>
          <BacktestResult
            results={[
              {
                label: t('evaluation.backtest.current', { version: active.version }),
                result: preview.backtests[0],
              },
              {
                label: t('evaluation.backtest.candidate', { version: preview.version }),
                result: preview.backtests[1],
              },
            ]}
          />
        </>
      )}
    </FormDrawer>
  );
}

/** The preview: grade counts now and under the candidate, how many subjects move, the largest moves. */
function PreviewResult({
  result,
  version,
  current,
  stale,
}: {
  result: ModelPreview;
  version: string;
  current: string;
  stale: boolean;
}) {
  const { t } = useI18n();
  const option = useMemo(
    (): ChartOption => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: {
        type: 'category',
        data: GRADES_AND_INSUFFICIENT.map((grade) => t(`evaluation.grade.${grade}`)),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar' as const,
          name: t('evaluation.preview.before', { version: current }),
          itemStyle: { color: '#8c8c8c' },
          barMaxWidth: 40,
          data: GRADES_AND_INSUFFICIENT.map((grade) => result.before[grade] ?? 0),
        },
        {
          type: 'bar' as const,
          name: t('evaluation.preview.after', { version }),
          itemStyle: { color: '#1677ff' },
          barMaxWidth: 40,
          data: GRADES_AND_INSUFFICIENT.map((grade) => result.after[grade] ?? 0),
        },
      ],
    }),
    [result, version, current, t],
  );
  const total = GRADES_AND_INSUFFICIENT.reduce((sum, grade) => sum + (result.before[grade] ?? 0), 0);
  return (
    <div
      data-testid="model-preview"
      data-moved={result.moved}
      data-after={GRADES_AND_INSUFFICIENT.map((grade) => result.after[grade] ?? 0).join(',')}
    >
      <Divider titlePlacement="start">{t('evaluation.preview.title')}</Divider>
      {stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('evaluation.edit.previewFirst')}
          data-testid="model-preview-stale"
        />
      )}
      <Statistic
        title={t('evaluation.preview.moved')}
        value={result.moved}
        suffix={`/ ${total}`}
        valueRender={() => <span data-testid="model-preview-moved">{result.moved}</span>}
      />
      <ChartOrEmpty empty={!total} option={option} height={280} testId="model-preview-chart" />
      <Typography.Title level={5}>{t('evaluation.preview.moves')}</Typography.Title>
      <Table<ModelPreview['moves'][number]>
        size="small"
        rowKey={(move) => `${move.from}-${move.to}-${move.region}`}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={result.moves}
        locale={{ emptyText: t('evaluation.preview.noMoves') }}
        data-testid="model-preview-moves"
        onRow={(move) =>
          ({
            'data-testid': 'model-preview-move',
            'data-from': move.from,
            'data-to': move.to,
            'data-region': move.region,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('evaluation.preview.change'),
            key: 'change',
            render: (_, move) => (
              <Space size={4}>
                <GradeTag grade={move.from} />→<GradeTag grade={move.to} />
              </Space>
            ),
          },
          {
            title: t('evaluation.preview.region'),
            key: 'region',
            render: (_, move) => <RegionName code={move.region} />,
          },
          { title: t('evaluation.preview.count'), dataIndex: 'count', align: 'right' },
        ]}
      />
    </div>
  );
}

/**
 * The background re-scoring after a model took effect, polled from GET /evaluation/runs every second
 * until it is done (then `onDone`) or failed. Test id `evaluation-run` with `data-status`.
 */
export function RunProgress({ runId, version, onDone }: { runId: number; version: string; onDone(): void }) {
  const { t } = useI18n();
  const [run, setRun] = useState<EvaluationRun | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const runs = await api.get<Items<EvaluationRun>>('/evaluation/runs');
        if (stopped) return;
        const found = runs.items.find((item) => item.id === runId) ?? null;
        setRun(found);
        setFailure(null);
        if (found?.status === 'DONE') {
          done.current();
          return;
        }
        if (found?.status === 'FAILED') return;
      } catch (error) {
        if (stopped) return;
        setFailure(toApiError(error));
      }
      timer = setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId]);
  const status = run?.status ?? 'RUNNING';
  const percent =
    status === 'DONE' ? 100 : run?.total ? Math.min(99, Math.floor((run.processed / run.total) * 100)) : 0;
  return (
    <Alert
      type={status === 'DONE' ? 'success' : status === 'FAILED' ? 'error' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="evaluation-run"
      data-status={status}
      title={
        status === 'DONE'
          ? t('evaluation.run.done', { version, total: run?.total ?? 0 })
          : status === 'FAILED'
            ? t('evaluation.run.failed', { version })
            : t('evaluation.run.running', {
                version,
                processed: run?.processed ?? 0,
                total: run?.total ?? '…',
              })
      }
      description={
        <>
          <Progress
            percent={percent}
            status={status === 'FAILED' ? 'exception' : status === 'DONE' ? 'success' : 'active'}
            data-testid="evaluation-run-progress"
          />
          {failure && <Typography.Text type="danger">{failure.message}</Typography.Text>}
        </>
      }
    />
  );
}
