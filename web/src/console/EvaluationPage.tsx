import { Button, Card, Col, Descriptions, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  type DistributionItem,
  type EvaluationModel,
  GRADES,
  GRADES_AND_INSUFFICIENT,
  type GradeOrInsufficient,
  type ModelIndicator,
  type Review,
  type Rule,
} from '../api/evaluation-types';
import type { CatalogueItem } from '../api/records-types';
import { type Items, PERMISSIONS, SUBJECT_TYPE_CODES, type SubjectTypeCode } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { GRADE_CHART_COLORS, GradeTag } from '../components/EvaluationParts';
import { formatDateTime } from '../components/format';
import { useCodeLabel } from '../components/ListParts';
import { PageSpin } from '../components/PageSpin';
import { rowAttributes } from '../components/rowAttributes';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useSubjectTypeName } from '../hooks/useReference';
import { useUrlParams } from '../hooks/useSearchParam';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './auth';
import { ActiveModelBacktest } from './EvaluationBacktest';
import { ModelDrawer, RunProgress } from './EvaluationModelDrawer';
import { type ChartOption, ChartOrEmpty } from './parts/Chart';
import { LoadedTable } from './parts/LoadedTable';

const PARAMS = ['tab', 'type'] as const;

/** 信用评价: the grade distribution per subject type, the active models and the human-review queue. */
export default function EvaluationPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  useDocumentTitle(t('console.menu.evaluation'));
  const [params, setParams] = useUrlParams(PARAMS);
  /** Bumped when a new model's re-scoring is done: the distribution tab then loads afresh. */
  const [generation, setGeneration] = useState(0);
  const items = [
    {
      key: 'distribution',
      label: t('evaluation.tab.distribution'),
      children: <DistributionTab key={generation} />,
    },
    {
      key: 'model',
      label: t('evaluation.tab.model'),
      children: (
        <ModelTab
          subjectType={
            (SUBJECT_TYPE_CODES as readonly string[]).includes(params.type) ? params.type : 'ENTERPRISE'
          }
          onSubjectType={(type) => setParams({ type })}
          onRescored={() => setGeneration((value) => value + 1)}
        />
      ),
    },
    ...(can(PERMISSIONS.evaluationManage)
      ? [{ key: 'reviews', label: t('evaluation.tab.reviews'), children: <ReviewsTab /> }]
      : []),
  ];
  const tab = items.find((item) => item.key === params.tab)?.key ?? 'distribution';
  return (
    <Card title={t('console.menu.evaluation')}>
      <Typography.Paragraph type="secondary">{t('evaluation.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key === 'distribution' ? null : key })}
        items={items.map((item) => ({
          ...item,
          label: <span data-testid={`evaluation-tab-${item.key}`}>{item.label}</span>,
        }))}
      />
    </Card>
  );
}

type DistributionRow = { subjectType: SubjectTypeCode; total: number } & Record<GradeOrInsufficient, number>;

/** Grade counts per subject type: a stacked bar chart and the table of the same counts. */
function DistributionTab() {
  const { t } = useI18n();
  const typeName = useSubjectTypeName();
  const distribution = useApi<Items<DistributionItem>>('/evaluation/distribution');
  const rows = useMemo(
    () =>
      SUBJECT_TYPE_CODES.map((subjectType) => {
        const row = { subjectType, total: 0, A: 0, B: 0, C: 0, D: 0, INSUFFICIENT: 0 } as DistributionRow;
        for (const item of distribution.data?.items ?? [])
          if (item.subjectType === subjectType) {
            row[item.grade] += item.count;
            row.total += item.count;
          }
        return row;
      }),
    [distribution.data],
  );
  const option = useMemo(
    (): ChartOption => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: rows.map((row) => typeName(row.subjectType)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: GRADES_AND_INSUFFICIENT.map((grade) => ({
        type: 'bar' as const,
        stack: 'grades',
        name: t(`evaluation.grade.${grade}`),
        itemStyle: { color: GRADE_CHART_COLORS[grade] },
        barMaxWidth: 48,
        data: rows.map((row) => row[grade]),
      })),
    }),
    [rows, t, typeName],
  );
  if (distribution.error) return <ErrorResult error={distribution.error} onRetry={distribution.reload} />;
  if (!distribution.data) return <PageSpin />;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <ChartOrEmpty empty={!distribution.data.items.length} option={option} testId="evaluation-chart" />
      </Col>
      <Col span={24}>
        <Table<DistributionRow>
          size="small"
          rowKey="subjectType"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          data-testid="evaluation-distribution"
          onRow={(row) => rowAttributes('evaluation-distribution-row', { type: row.subjectType })}
          columns={[
            {
              title: t('evaluation.subjectType'),
              key: 'type',
              render: (_, row) => typeName(row.subjectType),
            },
            ...GRADES_AND_INSUFFICIENT.map((grade) => ({
              title: <GradeTag grade={grade} />,
              dataIndex: grade,
              align: 'right' as const,
            })),
            { title: t('evaluation.total'), dataIndex: 'total', align: 'right' },
          ]}
        />
      </Col>
    </Row>
  );
}

/**
 * The active model of a subject type: thresholds, then each dimension's indicators and rules. With
 * `evaluation:manage`, 调整模型 previews and activates a new version; the re-scoring's progress shows
 * above the model until it is done, when the model and the distribution (`onRescored`) load afresh.
 */
function ModelTab({
  subjectType,
  onSubjectType,
  onRescored,
}: {
  subjectType: string;
  onSubjectType(type: string): void;
  onRescored(): void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  const [run, setRun] = useState<{ runId: number; version: string } | null>(null);
  const typeName = useSubjectTypeName();
  const ruleText = useRuleText();
  const model = useApi<EvaluationModel>(
    `/evaluation/models/active?subjectType=${encodeURIComponent(subjectType)}`,
  );
  const data = model.data?.subjectType === subjectType ? model.data : undefined;
  let body: React.ReactNode;
  if (model.error) body = <ErrorResult error={model.error} onRetry={model.reload} />;
  else if (!data) body = <PageSpin />;
  else {
    const { thresholds } = data;
    body = (
      <Space orientation="vertical" size={16} style={{ display: 'flex' }} data-testid="evaluation-model">
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'version',
              label: t('evaluation.model.version'),
              children: <span data-testid="evaluation-model-version">{data.version}</span>,
            },
            {
              key: 'openness',
              label: t('evaluation.model.openness'),
              children: data.openness ? t(`evaluation.model.openness.${data.openness}`) : '—',
            },
            {
              key: 'thresholds',
              label: t('evaluation.model.thresholds'),
              children: (
                <Space wrap size={4} data-testid="evaluation-thresholds">
                  {GRADES.map((grade) => (
                    <Tag key={grade}>
                      {grade === 'D'
                        ? t('evaluation.model.below', { grade: t('evaluation.grade.D'), n: thresholds.C })
                        : t('evaluation.model.atLeast', {
                            grade: t(`evaluation.grade.${grade}`),
                            n: thresholds[grade],
                          })}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
        {data.dimensions.map((dimension) => (
          <Table<ModelIndicator>
            key={dimension.code}
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={dimension.indicators}
            data-testid="evaluation-model-dimension"
            title={() => (
              <Typography.Text strong>
                {dimension.name}（{t('evaluation.model.max')}{' '}
                {dimension.indicators.reduce((sum, indicator) => sum + indicator.max, 0)}）
              </Typography.Text>
            )}
            onRow={(indicator) => rowAttributes('evaluation-model-indicator', { code: indicator.code })}
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
              { title: t('evaluation.model.max'), dataIndex: 'max', align: 'right' },
              { title: t('evaluation.model.base'), dataIndex: 'base', align: 'right' },
              {
                title: t('evaluation.model.rule'),
                key: 'rule',
                render: (_, indicator) => ruleText(indicator.rule),
              },
            ]}
          />
        ))}
        <ActiveModelBacktest key={data.version} subjectType={data.subjectType} version={data.version} />
      </Space>
    );
  }
  return (
    <>
      <div className="xy-toolbar">
        <Select
          value={subjectType}
          style={{ width: 200 }}
          onChange={onSubjectType}
          data-testid="evaluation-model-type"
          options={SUBJECT_TYPE_CODES.map((code) => ({ value: code, label: typeName(code) }))}
        />
        {can(PERMISSIONS.evaluationManage) && (
          <Button disabled={!data} onClick={() => setEditing(true)} data-testid="evaluation-model-edit">
            {t('evaluation.edit.open')}
          </Button>
        )}
      </div>
      {run && (
        <RunProgress
          key={run.runId}
          runId={run.runId}
          version={run.version}
          onDone={() => {
            model.reload();
            onRescored();
          }}
        />
      )}
      {body}
      {editing && data && (
        <ModelDrawer
          active={data}
          onClose={() => setEditing(false)}
          onActivated={(activation) => {
            setEditing(false);
            setRun({ runId: activation.runId, version: activation.version });
          }}
        />
      )}
    </>
  );
}

/** A rule in words: which evidence moves the indicator, by how much, within which limits. */
function useRuleText() {
  const { t, localName } = useI18n();
  const label = useCodeLabel();
  const catalogue = useApi<Items<CatalogueItem>>('/catalogue/items').data?.items;
  const itemName = (code: string) =>
    localName(
      catalogue?.find((item) => item.code === code),
      code,
    );
  return (rule: Rule) => {
    if (rule.type === 'records')
      return t('evaluation.rule.records', {
        items: rule.items.map(itemName).join('、'),
        tiers: rule.tiers?.length
          ? t('evaluation.rule.tiers', {
              tiers: rule.tiers.map((tier) => label('records.tier', tier)).join('、'),
            })
          : '',
        months: rule.months,
        points: rule.points,
        decay: t(`evaluation.rule.decay.${rule.decay}`),
        cap: rule.cap,
      });
    if (rule.type === 'lists')
      return t('evaluation.rule.lists', {
        listTypes: rule.listTypes.map((type) => label('lists.type', type)).join('、'),
        points: rule.points,
        cap: rule.cap,
      });
    return t('evaluation.rule.age', { points: rule.pointsPerYear, cap: rule.cap });
  };
}

/** The human reviews subjects asked for (PIPL Art. 24), open ones first. */
function ReviewsTab() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const reviews = useApi<Items<Review>>('/evaluation/reviews');
  return (
    <LoadedTable<Review, Items<Review>>
      state={reviews}
      rows={(data) => data.items}
      testId="evaluation-reviews"
      rowKey="reviewId"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={(review) => rowAttributes('evaluation-review-row', { 'review-id': review.reviewId })}
      columns={[
        {
          title: t('evaluation.reviews.subject'),
          key: 'subject',
          render: (_, review) => (
            <Link to={`/console/subjects/${encodeURIComponent(review.subject)}`}>{review.subjectName}</Link>
          ),
        },
        {
          title: t('evaluation.reviews.reason'),
          dataIndex: 'reason',
          render: (reason: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{reason}</span>,
        },
        {
          title: t('evaluation.reviews.score'),
          dataIndex: 'score',
          align: 'right',
          render: (score: number | null) => score ?? '—',
        },
        {
          title: t('evaluation.reviews.grade'),
          dataIndex: 'grade',
          render: (_, review) => <GradeTag grade={review.grade} />,
        },
        {
          title: t('evaluation.reviews.status'),
          dataIndex: 'status',
          render: (status: string) => (
            <Tag color={status === 'OPEN' ? 'processing' : 'default'}>
              {label('evaluation.reviews.status', status)}
            </Tag>
          ),
        },
        { title: t('evaluation.reviews.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
      ]}
    />
  );
}
