import { TrophyOutlined } from '@ant-design/icons';
import { Alert, Card, Collapse, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { type Evaluation, evaluationPath } from '../api/evaluation-types';
import { ErrorResult } from '../components/ErrorResult';
import { EvaluationDimensions, EvaluationSummary } from '../components/EvaluationParts';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../i18n/I18nProvider';

/** Reasons shown before the dimensions are expanded. */
const TOP_REASONS = 3;

/**
 * 公共信用综合评价 of one subject: score, grade and reasons, then the dimensions — expanded, or
 * (`compact`, in the subject detail) behind a fold with only the top reasons shown.
 */
export function EvaluationPanel({
  subjectId,
  compact = false,
  extra,
}: {
  subjectId: string;
  compact?: boolean;
  /** Actions in the card's header (e.g. 申请人工复核). */
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const { data, error } = useApi<Evaluation>(evaluationPath(subjectId));
  let body: ReactNode;
  if (error?.code === 'EVALUATION_NOT_FOUND')
    body = <Alert type="info" showIcon title={t('evaluation.notRated')} data-testid="evaluation-not-rated" />;
  else if (error) body = <ErrorResult error={error} />;
  else if (!data) body = <Skeleton active />;
  else if (!compact)
    body = (
      <>
        <EvaluationSummary evaluation={data} />
        {data.state === 'RATED' && (
          <div style={{ marginTop: 16 }}>
            <EvaluationDimensions evaluation={data} />
          </div>
        )}
      </>
    );
  else
    body = (
      <>
        <EvaluationSummary evaluation={data} reasons={TOP_REASONS} />
        {data.state === 'RATED' && (
          <Collapse
            ghost
            style={{ marginTop: 8 }}
            data-testid="evaluation-expand"
            items={[
              {
                key: 'dimensions',
                label: t('evaluation.showDimensions'),
                children: <EvaluationDimensions evaluation={data} />,
              },
            ]}
          />
        )}
      </>
    );
  return (
    <Card
      title={
        <>
          <TrophyOutlined /> {t('evaluation.panel')}
        </>
      }
      extra={extra}
      data-testid="evaluation-panel"
    >
      {body}
    </Card>
  );
}
