import { App, Checkbox, Form, Input, InputNumber, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { API_SCOPES, type ApiClient, type ApiClientWithKey } from '../api/types';
import { formatDateTime } from '../components/format';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import { ActionButton } from './parts/ActionButton';
import { FormModal } from './parts/FormModal';
import { KeyOnceModal } from './parts/KeyOnceModal';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';
import { DepartmentSelect } from './parts/RemoteSelect';
import { useEditor } from './parts/useEditor';

type ClientForm = Pick<ApiClient, 'name' | 'departmentId' | 'scopes'> & {
  rateLimitPerMinute?: number | null;
};

/** 接口客户端: department systems' API keys — create, rotate (key shown once) and revoke. */
export default function ApiClientsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const query = usePagedQuery<ApiClient>('/api-clients', []);
  const editor = useEditor<never>();
  const [issuedKey, setIssuedKey] = useState<string | null>(null);

  const create = async ({ rateLimitPerMinute, ...body }: ClientForm) => {
    const result = await api.post<ApiClientWithKey>('/api-clients', {
      ...body,
      ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}),
    });
    setIssuedKey(result.key);
  };

  const act = async (client: ApiClient, action: 'rotate' | 'revoke') => {
    try {
      const result = await api.post<ApiClientWithKey | ApiClient>(`/api-clients/${client.id}/${action}`);
      if ('key' in result) setIssuedKey(result.key);
      else message.success(t('common.saved'));
      query.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <ListCard title={t('console.menu.apiClients')} onCreate={editor.create} createTestId="api-client-create">
      <PagedTable<ApiClient>
        query={query}
        testId="api-clients-table"
        rowKey="id"
        columns={[
          { title: t('client.name'), dataIndex: 'name' },
          { title: t('client.department'), dataIndex: 'departmentName' },
          {
            title: t('client.scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) => scopes.map((scope) => <Tag key={scope}>{scope}</Tag>),
          },
          {
            title: t('client.keyPrefix'),
            dataIndex: 'keyPrefix',
            render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
          },
          { title: t('client.rateLimit'), dataIndex: 'rateLimitPerMinute' },
          {
            title: t('user.state'),
            dataIndex: 'revokedAt',
            render: (revokedAt: string | null) =>
              revokedAt ? <Tag>{t('client.revoked')}</Tag> : <Tag color="success">{t('client.active')}</Tag>,
          },
          { title: t('client.lastUsed'), dataIndex: 'lastUsedAt', render: formatDateTime },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, client) =>
              !client.revokedAt && (
                <Space>
                  <Popconfirm title={t('client.rotateConfirm')} onConfirm={() => act(client, 'rotate')}>
                    <ActionButton data-testid="api-client-rotate">{t('client.rotate')}</ActionButton>
                  </Popconfirm>
                  <Popconfirm title={t('client.revokeConfirm')} onConfirm={() => act(client, 'revoke')}>
                    <ActionButton data-testid="api-client-revoke">{t('client.revoke')}</ActionButton>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <FormModal<ClientForm>
        editor={editor}
        entity={t('console.menu.apiClients')}
        onSubmit={create}
        onDone={query.reload}
        testId="api-client-form"
      >
        <Form.Item name="name" label={t('client.name')} rules={[{ required: true }]}>
          <Input data-testid="api-client-name" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('client.department')} rules={[{ required: true }]}>
          <DepartmentSelect data-testid="api-client-department" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('client.scopes')}
          rules={[{ required: true }]}
          initialValue={['subjects:read']}
        >
          <Checkbox.Group options={[...API_SCOPES]} data-testid="api-client-scopes" />
        </Form.Item>
        <Form.Item name="rateLimitPerMinute" label={t('client.rateLimit')}>
          <InputNumber min={1} max={100000} style={{ width: '100%' }} data-testid="api-client-rate-limit" />
        </Form.Item>
      </FormModal>
      <KeyOnceModal apiKey={issuedKey} onClose={() => setIssuedKey(null)} />
    </ListCard>
  );
}
