import { App, Form, Modal } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import type { Editor } from './useEditor';

/**
 * The create/edit modal form of an `editor` (filled from the record being edited). `onSubmit` does
 * the request; API errors that name a `field` are shown on that field, others as a message.
 * Closes (and calls `onDone`) on success.
 */
export function FormModal<V extends object>({
  editor,
  entity,
  onSubmit,
  onDone,
  children,
  testId,
}: {
  editor: Pick<Editor<Partial<V>>, 'open' | 'record' | 'creating' | 'close'>;
  /** What is created or edited, for the title (e.g. 部门管理). */
  entity: string;
  onSubmit(values: V): Promise<unknown>;
  onDone?(): void;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  const { open, record: initialValues, close: onClose } = editor;
  const title = `${editor.creating ? t('common.create') : t('common.edit')} · ${entity}`;
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open) {
      form.resetFields();
      if (initialValues) form.setFieldsValue(initialValues as Parameters<typeof form.setFieldsValue>[0]);
    }
  }, [open, initialValues, form]);

  const submit = async (values: V) => {
    setSaving(true);
    try {
      await onSubmit(values);
      message.success(t('common.saved'));
      onClose();
      onDone?.();
    } catch (error) {
      if (error instanceof ApiError && error.field && form.getFieldInstance(error.field as never)) {
        form.setFields([{ name: error.field as never, errors: [error.message] }]);
      } else {
        message.error(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
      okButtonProps={{ 'data-testid': `${testId}-ok` }}
    >
      <Form<V> form={form} layout="vertical" onFinish={submit} data-testid={testId}>
        {children}
      </Form>
    </Modal>
  );
}
