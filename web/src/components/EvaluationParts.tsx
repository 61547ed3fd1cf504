import { Alert, Card, Col, Flex, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { Evaluation, GradeOrInsufficient } from '../api/evaluation-types';
import { useI18n } from '../i18n/I18nProvider';
import { formatDateTime } from './format';

const GRADE_COLORS: Record<GradeOrInsufficient, string> = {
  A: 'green',
  B: 'blue',
  C: 'gold',
  D: 'red',
  INSUFFICIENT: 'default',
};

/** Chart colours of the grades, in the tags' hues. */
export const GRADE_CHART_COLORS: Record<GradeOrInsufficient, string> = {
  A: '#52c41a',
  B: '#1677ff',
  C: '#faad14',
  D: '#c8102e',
  INSUFFICIENT: '#bfbfbf',
};

/** A grade (优 / 良 / 中 / 差) as a coloured tag; null is 信息不足. */
export function GradeTag({ grade, testId }: { grade: GradeOrInsufficient | null; testId?: string }) {
  const { t } = useI18n();
  const code = grade ?? 'INSUFFICIENT';
  return (
    <Tag color={GRADE_COLORS[code]} data-testid={testId} data-grade={code}>
      {t(`evaluation.grade.${code}`)}
    </Tag>
  );
}

/**
 * An explained evaluation: score and grade (or why there is none), model and time, and the reasons
 * that lowered the score (the first `reasons` of them).
 */
export function EvaluationSummary({
  evaluation,
  reasons = evaluation.reasons.length,
}: {
  evaluation: Evaluation;
  reasons?: number;
}) {
  const { t } = useI18n();
  const rated = evaluation.state === 'RATED';
  return (
    <Space
      orientation="vertical"
      size={12}
      style={{ display: 'flex' }}
      data-testid="evaluation-summary"
      data-state={evaluation.state}
    >
      {rated ? (
        <Space size={48} wrap>
          <Statistic
            title={t('evaluation.score')}
            suffix={t('evaluation.outOf')}
            valueRender={() => <span data-testid="evaluation-score">{evaluation.score}</span>}
          />
          <Statistic
            title={t('evaluation.grade')}
            valueRender={() => <GradeTag grade={evaluation.grade} testId="evaluation-grade" />}
          />
        </Space>
      ) : (
        <Alert
          type="info"
          showIcon
          title={t('evaluation.insufficient')}
          description={t('evaluation.insufficientHint')}
          data-testid="evaluation-insufficient"
        />
      )}
      <Typography.Text type="secondary">
        {t('evaluation.meta', {
          version: evaluation.modelVersion,
          at: formatDateTime(evaluation.computedAt),
        })}
      </Typography.Text>
      {rated && (
        <div data-testid="evaluation-reasons">
          <Typography.Text strong>{t('evaluation.reasons')}</Typography.Text>
          {evaluation.reasons.length ? (
            <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {evaluation.reasons.slice(0, reasons).map((reason) => (
                <li key={reason} data-testid="evaluation-reason">
                  {reason}
                </li>
              ))}
            </ol>
          ) : (
            <div>
              <Typography.Text type="secondary">{t('evaluation.noReasons')}</Typography.Text>
            </div>
          )}
        </div>
      )}
    </Space>
  );
}

/** Each dimension's points, and within it each indicator's points of its maximum and its evidence. */
export function EvaluationDimensions({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useI18n();
  return (
    <Row gutter={[16, 16]} data-testid="evaluation-dimensions">
      {evaluation.dimensions.map((dimension) => (
        <Col xs={24} md={12} xl={8} key={dimension.code}>
          <Card
            size="small"
            title={dimension.name}
            extra={t('evaluation.points', { points: dimension.points, max: dimension.max })}
            style={{ height: '100%' }}
            data-testid="evaluation-dimension"
            data-code={dimension.code}
          >
            {dimension.indicators.map((indicator) => (
              <div key={indicator.code} data-testid="evaluation-indicator" data-code={indicator.code}>
                <Flex justify="space-between" gap={8}>
                  <span>{indicator.name}</span>
                  <Typography.Text type="secondary" data-testid="evaluation-evidence">
                    {t('evaluation.evidence', { n: indicator.evidence.length })}
                  </Typography.Text>
                </Flex>
                <Progress
                  size="small"
                  percent={indicator.max ? (indicator.points / indicator.max) * 100 : 0}
                  status="normal"
                  strokeColor={indicator.points < indicator.max ? '#faad14' : '#52c41a'}
                  format={() => t('evaluation.points', { points: indicator.points, max: indicator.max })}
                />
              </div>
            ))}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
