import { Alert, Button, Drawer, Form, type FormInstance, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import { type ApiError, toApiError } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';

/**
 * A long form in a drawer, with 取消 and the submit button in the footer. `onSubmit` does the request
 * (and what follows a success); a failure is shown above the form, titled by `failureTitle`
 * (default: the error code), and passed to `onFailure`, e.g. to mark the field it names.
 * `actions` are further footer buttons after the submit button.
 * Test ids: `{testId}` (the form), `{testId}-submit`, `{testId}-error`.
 */
export function FormDrawer<V extends object>({
  open = true,
  size,
  title,
  submitText,
  form,
  initialValues,
  notice,
  actions,
  failureTitle = (failure) => failure.code,
  testId,
  onSubmit,
  onFailure,
  onClose,
  children,
}: {
  open?: boolean;
  size: number;
  title: ReactNode;
  submitText: string;
  form: FormInstance<V>;
  initialValues: Partial<V>;
  /** Shown above the failure and the form. */
  notice?: ReactNode;
  /** Further buttons in the footer, after the submit button. */
  actions?: ReactNode;
  failureTitle?(failure: ApiError): ReactNode;
  testId: string;
  onSubmit(values: V): Promise<unknown>;
  onFailure?(failure: ApiError): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const submit = async (values: V) => {
    setSaving(true);
    setFailure(null);
    try {
      await onSubmit(values);
    } catch (error) {
      const failed = toApiError(error);
      setFailure(failed);
      onFailure?.(failed);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      size={size}
      onClose={onClose}
      title={title}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => form.submit()}
            data-testid={`${testId}-submit`}
          >
            {submitText}
          </Button>
          {actions}
        </Space>
      }
    >
      {notice}
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid={`${testId}-error`}
          title={failureTitle(failure)}
          description={failure.message}
        />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        scrollToFirstError
        data-testid={testId}
      >
        {children}
      </Form>
    </Drawer>
  );
}
