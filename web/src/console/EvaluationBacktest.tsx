import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { type ApiError, api, toApiError } from '../api/client';
import { type Backtest, GRADES_AND_INSUFFICIENT, type GradeOrInsufficient } from '../api/evaluation-types';
import type { SubjectTypeCode } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { GradeTag } from '../components/EvaluationParts';
import { useI18n } from '../i18n/I18nProvider';
import { type ChartOption, ChartOrEmpty } from './parts/Chart';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

type Row = { grade: GradeOrInsufficient } & Record<string, number | null>;

/**
 * 回测: one or two models (current, candidate) scored as of a past date; the rate of later serious
 * dishonesty per grade should rise from 优 to 差. Test ids: `backtest`, `backtest-verdict` (with
 * `data-model` and `data-monotonic`), `backtest-chart`, `backtest-row` (with `data-grade`).
 */
export function BacktestResult({ results }: { results: { label: string; result: Backtest }[] }) {
  const { t } = useI18n();
  const first = results[0].result;
  const option = useMemo(
    (): ChartOption => ({
      tooltip: { trigger: 'axis', valueFormatter: (value) => `${Number(value).toFixed(1)} %` },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: first.grades.map((g) => t(`evaluation.grade.${g.grade}`)) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
      series: results.map(({ label, result }) => ({
        type: 'bar' as const,
        name: label,
        barMaxWidth: 40,
        data: result.grades.map((g) => (g.rate === null ? 0 : Number((g.rate * 100).toFixed(2)))),
      })),
    }),
    [results, first, t],
  );
  const rows: Row[] = GRADES_AND_INSUFFICIENT.map((grade) => {
    const row: Row = { grade } as Row;
    results.forEach(({ result }, i) => {
      const g =
        grade === 'INSUFFICIENT' ? result.insufficient : result.grades.find((x) => x.grade === grade)!;
      row[`subjects${i}`] = g.subjects;
      row[`events${i}`] = g.events;
      row[`rate${i}`] = g.rate;
    });
    return row;
  });
  return (
    <div data-testid="backtest">
      <Typography.Paragraph type="secondary">
        {t('evaluation.backtest.window', {
          asOf: first.asOf,
          until: first.until,
          months: first.horizonMonths,
        })}
        {t('evaluation.backtest.outcome', { outcome: first.outcome })}
      </Typography.Paragraph>
      <Space orientation="vertical" style={{ display: 'flex', marginBottom: 16 }}>
        {results.map(({ label, result }) => (
          <Alert
            key={label}
            showIcon
            type={result.monotonic ? 'success' : 'warning'}
            data-testid="backtest-verdict"
            data-model={result.modelVersion}
            data-monotonic={result.monotonic}
            title={`${label}：${
              result.monotonic
                ? t('evaluation.backtest.monotonic')
                : t('evaluation.backtest.notMonotonic', {
                    violations: result.violations
                      .map((v) =>
                        v
                          .split('>')
                          .map((g) => t(`evaluation.grade.${g as GradeOrInsufficient}`))
                          .join(' > '),
                      )
                      .join('、'),
                  })
            }${result.lift === null ? '' : t('evaluation.backtest.lift', { lift: result.lift.toFixed(1) })}`}
            description={t('evaluation.backtest.scored', {
              population: result.population,
              scored: result.scored,
              k: result.everyKth,
              n: result.minSubjects,
            })}
          />
        ))}
      </Space>
      <ChartOrEmpty empty={!first.scored} option={option} height={240} testId="backtest-chart" />
      <Table<Row>
        size="small"
        rowKey="grade"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        onRow={(row) =>
          ({ 'data-testid': 'backtest-row', 'data-grade': row.grade }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('evaluation.backtest.grade'),
            key: 'grade',
            render: (_, row) => <GradeTag grade={row.grade} />,
          },
          ...results.map(({ label }, i) => ({
            title: label,
            children: [
              {
                title: t('evaluation.backtest.subjects'),
                dataIndex: `subjects${i}`,
                align: 'right' as const,
              },
              { title: t('evaluation.backtest.events'), dataIndex: `events${i}`, align: 'right' as const },
              {
                title: t('evaluation.backtest.rate'),
                key: `rate${i}`,
                align: 'right' as const,
                render: (_: unknown, row: Row) => percent(row[`rate${i}`]),
              },
            ],
          })),
        ]}
      />
    </div>
  );
}

/** The active model's backtest, run on request (it scores every subject of the type). Test id `backtest-run`. */
export function ActiveModelBacktest({
  subjectType,
  version,
}: {
  subjectType: SubjectTypeCode;
  version: string;
}) {
  const { t } = useI18n();
  const [result, setResult] = useState<Backtest | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    setFailure(null);
    try {
      setResult(await api.post<Backtest>('/evaluation/backtest', { subjectType }));
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('evaluation.backtest.title')}
      extra={
        <Button onClick={run} loading={running} data-testid="backtest-run">
          {t('evaluation.backtest.run')}
        </Button>
      }
    >
      {failure && <ErrorResult error={failure} onRetry={run} />}
      {result && (
        <BacktestResult results={[{ label: t('evaluation.backtest.current', { version }), result }]} />
      )}
    </Card>
  );
}
