import { App, Form, Input, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';

/**
 * Asks for the reason of an irreversible action (discarding a quarantined row, 撤销公示), then runs
 * it: `onSubmit` gets the trimmed reason; on success the modal says `successText`, closes and calls
 * `onDone` with the result; a failure is shown as a message. Test ids: `{testId}-reason`, `{testId}-confirm`.
 */
export function ReasonModal<R>({
  open,
  title,
  okText,
  label,
  notice,
  successText,
  danger = true,
  testId,
  onSubmit,
  onClose,
  onDone,
}: {
  open: boolean;
  title: string;
  okText: string;
  label: string;
  /** Shown above the reason, e.g. what the action does. */
  notice?: ReactNode;
  successText: string;
  /** A red OK button (the default: most reasons are asked for irreversible actions). */
  danger?: boolean;
  testId: string;
  onSubmit(reason: string): Promise<R>;
  onClose(): void;
  onDone(result: R): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    try {
      const result = await onSubmit(reason.trim());
      message.success(successText);
      onClose();
      onDone(result);
    } catch (failure) {
      message.error(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, 'data-testid': `${testId}-confirm` }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {notice}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={label}
          rules={[
            { required: true, whitespace: true, min: 2, max: 500, message: t('quarantine.reasonRule') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid={`${testId}-reason`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
