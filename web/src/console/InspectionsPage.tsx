import { Button, Card, Empty, Form, Input, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { GRADES, type Grade, type InspectionPlan, type NewPlan } from '../api/evaluation-types';
import type { Dictionary } from '../api/records-types';
import { type Items, PERMISSIONS, SUBJECT_TYPE_CODES } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { GradeTag } from '../components/EvaluationParts';
import { formatDateTime } from '../components/format';
import { SubjectCell } from '../components/ListParts';
import { RegionName } from '../components/RegionName';
import { rowAttributes } from '../components/rowAttributes';
import { useApi } from '../hooks/useApi';
import { useSubjectTypeName } from '../hooks/useReference';
import { useSearchParam } from '../hooks/useSearchParam';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './auth';
import { InspectionResultDrawer } from './InspectionResultDrawer';
import { FactSheet } from './parts/FactSheet';
import { FormDrawer } from './parts/FormDrawer';
import { ListCard } from './parts/ListCard';
import { RegionTreeSelect } from './parts/RegionTreeSelect';
import { useRequiredRule } from './parts/useRequiredRule';

/** A share (0–1) as a percentage, to one decimal at most. */
const share = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** 双随机抽查: draw a graded random inspection plan, or open one by its number (`?plan=…`). */
export default function InspectionsPage() {
  const { t } = useI18n();
  const [planId, setPlanId] = useSearchParam('plan');
  const [creating, setCreating] = useState(false);
  return (
    <ListCard
      title={t('console.menu.inspections')}
      onCreate={() => setCreating(true)}
      createTestId="inspections-create"
    >
      <Typography.Paragraph type="secondary">{t('inspections.intro')}</Typography.Paragraph>
      <Input.Search
        key={planId}
        defaultValue={planId ?? ''}
        allowClear
        enterButton={t('common.search')}
        placeholder={t('inspections.openPlan')}
        style={{ maxWidth: 420, marginBottom: 16 }}
        onSearch={(value) => setPlanId(value.trim() || null)}
        data-testid="plan-open"
      />
      {planId ? <PlanView key={planId} planId={planId} /> : <Empty description={t('inspections.empty')} />}
      <PlanDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(plan) => {
          setCreating(false);
          setPlanId(plan.planId);
        }}
      />
    </ListCard>
  );
}

/** The plan's form: name, matter, region (the user's own by default), subject type and an optional seed. */
function PlanDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(plan: InspectionPlan): void;
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  const requiredRule = useRequiredRule();
  const typeName = useSubjectTypeName();
  const [form] = Form.useForm<NewPlan>();
  const text = (name: 'name' | 'matter', max: number) => (
    <Form.Item
      name={name}
      label={t(`inspections.${name}`)}
      rules={[requiredRule(t(`inspections.${name}`)), { whitespace: true, max }]}
    >
      <Input maxLength={max} data-testid={`plan-form-${name}`} />
    </Form.Item>
  );
  return (
    <FormDrawer<NewPlan>
      open={open}
      size={560}
      title={t('inspections.create')}
      submitText={t('inspections.submit')}
      form={form}
      initialValues={{ regionCode: user?.regionCode, subjectType: 'ENTERPRISE' }}
      testId="plan-form"
      onSubmit={async ({ seed, ...values }) => {
        const plan = await api.post<InspectionPlan>('/inspections/plans', {
          ...values,
          name: values.name.trim(),
          matter: values.matter.trim(),
          seed: seed?.trim() || undefined,
        });
        form.resetFields();
        onCreated(plan);
      }}
      onFailure={(failure) => {
        if (failure.field === 'regionCode')
          form.setFields([{ name: 'regionCode', errors: [failure.message] }]);
      }}
      onClose={onClose}
    >
      {text('name', 200)}
      {text('matter', 100)}
      <Form.Item
        name="regionCode"
        label={t('inspections.region')}
        rules={[requiredRule(t('inspections.region'))]}
      >
        <RegionTreeSelect data-testid="plan-form-region" />
      </Form.Item>
      <Form.Item
        name="subjectType"
        label={t('inspections.subjectType')}
        rules={[requiredRule(t('inspections.subjectType'))]}
      >
        <Select
          data-testid="plan-form-type"
          options={SUBJECT_TYPE_CODES.filter((code) => code !== 'INDIVIDUAL').map((code) => ({
            value: code,
            label: typeName(code),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="seed"
        label={t('inspections.seed')}
        extra={t('inspections.seedHint')}
        rules={[{ max: 200 }]}
      >
        <Input maxLength={200} data-testid="plan-form-seed" />
      </Form.Item>
    </FormDrawer>
  );
}

/** A plan as published: its seed and population hash, the strata, and who is inspected by whom. */
function PlanView({ planId }: { planId: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const typeName = useSubjectTypeName();
  const {
    data: plan,
    error,
    reload,
  } = useApi<InspectionPlan>(`/inspections/plans/${encodeURIComponent(planId)}`);
  const resultClasses = useApi<Items<Dictionary>>('/dictionaries').data?.items.find(
    (d) => d.code === 'INSPECTION_RESULT',
  );
  const [entering, setEntering] = useState<InspectionPlan['draw'][number] | null>(null);
  const resultLabel = (code: string | null) =>
    resultClasses?.entries.find((e) => e.code === code)?.label ?? code ?? '—';
  if (error) return <ErrorResult error={error} />;
  if (!plan) return <Skeleton active />;
  const linked = can(PERMISSIONS.subjects);
  return (
    <Space
      orientation="vertical"
      size={16}
      style={{ display: 'flex' }}
      data-testid="plan-view"
      data-plan-id={plan.planId}
    >
      <FactSheet
        idLabel={t('inspections.planId')}
        id={plan.planId}
        idTestId="plan-id"
        items={[
          { key: 'name', label: t('inspections.name'), children: plan.name },
          { key: 'matter', label: t('inspections.matter'), children: plan.matter },
          { key: 'region', label: t('inspections.region'), children: <RegionName code={plan.regionCode} /> },
          { key: 'type', label: t('inspections.subjectType'), children: typeName(plan.subjectType) },
          { key: 'department', label: t('inspections.department'), children: plan.department },
          { key: 'createdAt', label: t('inspections.createdAt'), children: formatDateTime(plan.createdAt) },
          {
            key: 'seed',
            label: t('inspections.seed'),
            children: (
              <Typography.Text code copyable={{ text: plan.seed }} data-testid="plan-seed">
                {plan.seed}
              </Typography.Text>
            ),
          },
          {
            key: 'hash',
            label: t('inspections.populationHash'),
            span: 'filled',
            children: (
              <Typography.Text
                code
                copyable={{ text: plan.populationHash }}
                data-testid="plan-population-hash"
              >
                {plan.populationHash}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Card size="small" title={t('inspections.strata')}>
        <Table<Grade>
          size="small"
          rowKey={(grade) => grade}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={[...GRADES]}
          data-testid="plan-strata"
          onRow={(grade) => rowAttributes('plan-stratum', { grade })}
          columns={[
            { title: t('inspections.grade'), key: 'grade', render: (_, grade) => <GradeTag grade={grade} /> },
            {
              title: t('inspections.population'),
              key: 'population',
              align: 'right',
              render: (_, grade) => plan.population[grade] ?? 0,
            },
            {
              title: t('inspections.sampled'),
              key: 'sampled',
              align: 'right',
              render: (_, grade) => plan.sampled[grade] ?? 0,
            },
            {
              title: t('inspections.range'),
              key: 'range',
              render: (_, grade) => plan.ratios[grade]?.range.map(share).join(' – ') ?? '—',
            },
            {
              title: t('inspections.rate'),
              key: 'rate',
              align: 'right',
              render: (_, grade) => (plan.ratios[grade] ? share(plan.ratios[grade].rate) : '—'),
            },
          ]}
        />
        <Typography.Text type="secondary">{t('inspections.gradeNote')}</Typography.Text>
      </Card>
      <Card size="small" title={t('inspections.draw', { n: plan.draw.length })}>
        <Table<InspectionPlan['draw'][number]>
          size="small"
          rowKey={(row) => row.subject.publicId}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          dataSource={plan.draw}
          data-testid="plan-draw"
          onRow={(row) => rowAttributes('plan-draw-row', { subject: row.subject.publicId })}
          columns={[
            {
              title: t('inspections.subject'),
              key: 'subject',
              render: (_, row) => (
                <SubjectCell
                  subject={{ ...row.subject, type: plan.subjectType }}
                  to={linked ? `/console/subjects/${encodeURIComponent(row.subject.publicId)}` : undefined}
                />
              ),
            },
            {
              title: t('inspections.grade'),
              key: 'grade',
              render: (_, row) => <GradeTag grade={row.grade} />,
            },
            {
              title: t('inspections.inspectors'),
              key: 'inspectors',
              render: (_, row) => row.inspectors.map((name) => <Tag key={name}>{name}</Tag>),
            },
            {
              title: t('inspections.result'),
              key: 'result',
              render: (_, row) =>
                row.result ? (
                  <Space
                    orientation="vertical"
                    size={0}
                    data-testid="plan-draw-result"
                    data-code={row.result.code}
                  >
                    <Tag color={row.result.code === '01' ? 'green' : 'orange'}>
                      {resultLabel(row.result.code)}
                    </Tag>
                    <Typography.Text type="secondary">
                      {row.result.completedOn} · {row.result.recordId}
                    </Typography.Text>
                  </Space>
                ) : can(PERMISSIONS.inspections) ? (
                  <Button size="small" onClick={() => setEntering(row)} data-testid="plan-draw-enter">
                    {t('inspections.result.enter')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{t('inspections.result.none')}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      {entering && (
        <InspectionResultDrawer
          plan={plan}
          row={entering}
          results={resultClasses}
          onClose={() => setEntering(null)}
          onFiled={() => {
            setEntering(null);
            reload();
          }}
        />
      )}
    </Space>
  );
}
