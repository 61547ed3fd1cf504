import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider';

/** Shows a freshly issued API key exactly once, with a copy button and a warning. */
export function KeyOnceModal({ apiKey, onClose }: { apiKey: string | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey ?? '');
      message.success(t('client.copied'));
    } catch {
      message.warning(apiKey ?? '');
    }
  };
  return (
    <Modal
      open={!!apiKey}
      title={t('client.keyTitle')}
      closable={false}
      destroyOnHidden
      mask={{ closable: false }}
      onCancel={onClose}
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={copy} data-testid="api-key-copy">
          {t('client.copy')}
        </Button>,
        <Button key="done" type="primary" onClick={onClose} data-testid="api-key-done">
          {t('client.keyDone')}
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        title={t('client.keyWarning')}
        style={{ marginBottom: 16 }}
        data-testid="api-key-warning"
      />
      <Typography.Paragraph code className="xy-api-key" data-testid="api-key-value">
        {apiKey}
      </Typography.Paragraph>
    </Modal>
  );
}
