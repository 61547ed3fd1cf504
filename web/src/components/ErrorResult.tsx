import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';

/** A failed request as an antd Result: 404 for *_NOT_FOUND, 403 for scope/permission errors. */
export function ErrorResult({
  error,
  extra,
  onRetry,
}: {
  error: ApiError;
  extra?: ReactNode;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const status = error.status === 404 ? '404' : error.status === 403 ? '403' : 'error';
  const testId =
    error.code === 'OUT_OF_SCOPE' ? 'out-of-scope' : error.status === 404 ? 'not-found' : 'error-result';
  return (
    <Result
      status={status}
      title={error.status === 404 || error.status === 403 ? error.status : error.code}
      subTitle={error.message}
      data-testid={testId}
      extra={
        extra ??
        (onRetry && (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ))
      }
    />
  );
}
