import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { PERMISSIONS, type SubjectStats } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { PageSpin } from '../components/PageSpin';
import { useStatusName } from '../components/SubjectTags';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useRegions, useSubjectTypes } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './auth';
import { Chart, type ChartOption } from './parts/Chart';

const byCode = <T extends { code: string }>(list: T[], code: string | undefined) =>
  list.find((item) => item.code === code);

const PALETTE = ['#c8102e', '#1677ff', '#722ed1', '#13c2c2', '#faad14', '#52c41a'];

/** 工作台: subject figures inside the user's scope (`/api/v1/stats/subjects`). */
export default function DashboardPage() {
  const { t, localName } = useI18n();
  const { user, can } = useAuth();
  const types = useSubjectTypes();
  const regions = useRegions();
  const statusName = useStatusName();
  const { data, error, reload } = useApi<SubjectStats>(can(PERMISSIONS.stats) ? '/stats/subjects' : null);
  useDocumentTitle(t('console.menu.dashboard'));

  const [pie, bar] = useMemo((): [ChartOption, ChartOption] => {
    return [
      {
        color: PALETTE,
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['36%', '60%'],
            center: ['50%', '45%'],
            label: { formatter: '{d}%' },
            data:
              data?.byType.map((row) => ({
                name: localName(byCode(types, row.type), row.typeName),
                value: row.count,
              })) ?? [],
          },
        ],
      },
      {
        color: PALETTE,
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category',
          data: data?.byRegion.map((row) => localName(byCode(regions, row.regionCode), row.regionName)) ?? [],
          axisLabel: { interval: 0, rotate: 30 },
        },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', barMaxWidth: 32, data: data?.byRegion.map((row) => row.count) ?? [] }],
      },
    ];
  }, [data, types, regions, localName]);

  const welcome = (
    <Typography.Title level={4} data-testid="dashboard-welcome">
      {t('dashboard.welcome', { name: user?.displayName ?? '' })}
    </Typography.Title>
  );
  if (!can(PERMISSIONS.stats))
    return (
      <Card>
        {welcome}
        <Typography.Text type="secondary">{t('dashboard.noStats')}</Typography.Text>
      </Card>
    );
  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (!data) return <PageSpin />;

  return (
    <>
      {welcome}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('dashboard.total')} value={data.total} data-testid="stat-total" />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic
              title={t('dashboard.scope')}
              value={localName(byCode(regions, user?.regionCode), user?.regionName)}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('dashboard.byStatus')} size="small" data-testid="stat-by-status">
            {data.byStatus.map((row) => (
              <Row key={row.status} justify="space-between">
                <Typography.Text>{statusName(row.status, row.statusName)}</Typography.Text>
                <Typography.Text strong>{row.count.toLocaleString()}</Typography.Text>
              </Row>
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('dashboard.byType')}>
            <Chart option={pie} testId="chart-by-type" />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('dashboard.byRegion')}>
            <Chart option={bar} testId="chart-by-region" />
          </Card>
        </Col>
      </Row>
    </>
  );
}
