import { Alert, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import type { InspectionPlan } from '../api/evaluation-types';
import type { Dictionary } from '../api/records-types';
import { useI18n } from '../i18n/I18nProvider';
import { FormDrawer } from './parts/FormDrawer';
import { useRequiredRule } from './parts/useRequiredRule';

interface ResultValues {
  result: string;
  completedOn: string;
  findings?: string;
}

interface RowOutcome {
  status: 'accepted' | 'rejected' | 'duplicate' | 'updated';
  errors: { field: string | null; code: string; message: string }[];
}

/**
 * 录入检查结果 for one drawn subject: filed as a 抽查检查结果 record through intake. A row the intake
 * refuses is quarantined there; its errors are shown here. Test ids: `inspection-result-form` (and
 * `-result`, `-date`, `-findings`, `-submit`), `inspection-result-rejected`.
 */
export function InspectionResultDrawer({
  plan,
  row,
  results,
  onClose,
  onFiled,
}: {
  plan: InspectionPlan;
  row: InspectionPlan['draw'][number];
  /** The INSPECTION_RESULT dictionary. */
  results: Dictionary | undefined;
  onClose(): void;
  onFiled(): void;
}) {
  const { t } = useI18n();
  const requiredRule = useRequiredRule();
  const [form] = Form.useForm<ResultValues>();
  const [rejected, setRejected] = useState<RowOutcome['errors'] | null>(null);
  return (
    <FormDrawer<ResultValues>
      size={520}
      title={t('inspections.result.title', { subject: row.subject.name })}
      submitText={t('inspections.result.submit')}
      form={form}
      initialValues={{ completedOn: new Date().toISOString().slice(0, 10) }}
      testId="inspection-result-form"
      notice={
        <>
          <Alert type="info" showIcon title={t('inspections.result.notice')} style={{ marginBottom: 16 }} />
          {rejected && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="inspection-result-rejected"
              title={t('inspections.result.rejected')}
              description={rejected.map((e) => `${e.field ?? ''} ${e.message}（${e.code}）`).join('；')}
            />
          )}
        </>
      }
      onSubmit={async (values) => {
        setRejected(null);
        const filed = await api.post<{ results: RowOutcome[] }>(
          `/inspections/plans/${encodeURIComponent(plan.planId)}/results`,
          { results: [{ subject: row.subject.publicId, ...values, findings: values.findings || undefined }] },
        );
        const [outcome] = filed.results;
        if (outcome.status === 'rejected') setRejected(outcome.errors);
        else onFiled();
      }}
      onClose={onClose}
    >
      <Form.Item
        name="result"
        label={t('inspections.result.result')}
        rules={[requiredRule(t('inspections.result.result'))]}
      >
        <Select
          data-testid="inspection-result-form-result"
          options={(results?.entries ?? []).map((e) => ({ value: e.code, label: `${e.code} ${e.label}` }))}
        />
      </Form.Item>
      <Form.Item
        name="completedOn"
        label={t('inspections.result.completedOn')}
        rules={[requiredRule(t('inspections.result.completedOn'))]}
      >
        <Input type="date" data-testid="inspection-result-form-date" />
      </Form.Item>
      <Form.Item name="findings" label={t('inspections.result.findings')} rules={[{ max: 1500 }]}>
        <Input.TextArea rows={4} maxLength={1500} data-testid="inspection-result-form-findings" />
      </Form.Item>
    </FormDrawer>
  );
}
