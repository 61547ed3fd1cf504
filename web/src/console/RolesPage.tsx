import { Alert, Checkbox, Form, Input, Space, Table, Tag } from 'antd';
import { api } from '../api/client';
import type { Items, Permission, Role } from '../api/types';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../i18n/I18nProvider';
import { ActionButton } from './parts/ActionButton';
import { FormModal } from './parts/FormModal';
import { ListCard } from './parts/ListCard';
import { useEditor } from './parts/useEditor';

type RoleForm = Pick<Role, 'code' | 'name' | 'permissions'>;

/** 角色权限: roles and their permission sets (the list is short and not paged by the API). */
export default function RolesPage() {
  const { t } = useI18n();
  const roles = useApi<Items<Role>>('/roles');
  const permissions = useApi<Items<Permission>>('/permissions').data?.items ?? [];
  const permissionName = (code: string) =>
    permissions.find((permission) => permission.code === code)?.name ?? code;
  const editor = useEditor<Role>();

  const save = ({ code, ...body }: RoleForm) =>
    editor.record
      ? api.patch(`/roles/${encodeURIComponent(editor.record.code)}`, body)
      : api.post('/roles', { code, ...body });

  return (
    <ListCard title={t('console.menu.roles')} onCreate={editor.create} createTestId="role-create">
      {roles.error && <Alert type="error" showIcon title={roles.error.message} />}
      <Table<Role>
        rowKey="code"
        loading={roles.loading}
        dataSource={roles.data?.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="roles-table"
        columns={[
          { title: t('role.code'), dataIndex: 'code' },
          {
            title: t('role.name'),
            dataIndex: 'name',
            render: (name: string, role) => (
              <Space>
                {name}
                {role.builtIn && <Tag>{t('role.builtIn')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('role.permissions'),
            dataIndex: 'permissions',
            render: (codes: string[]) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 520 }}>
                {codes.map((code) => (
                  <Tag key={code} title={code}>
                    {permissionName(code)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, role) => (
              <ActionButton onClick={() => editor.edit(role)}>{t('common.edit')}</ActionButton>
            ),
          },
        ]}
      />
      <FormModal<RoleForm>
        editor={editor}
        entity={t('console.menu.roles')}
        onSubmit={save}
        onDone={roles.reload}
        testId="role-form"
      >
        <Form.Item
          name="code"
          label={t('role.code')}
          rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]*$/ }]}
        >
          <Input disabled={!editor.creating} data-testid="role-code" />
        </Form.Item>
        <Form.Item name="name" label={t('role.name')} rules={[{ required: true }]}>
          <Input data-testid="role-name" />
        </Form.Item>
        <Form.Item name="permissions" label={t('role.permissions')} initialValue={[]}>
          <Checkbox.Group
            data-testid="role-permissions"
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 8 }}
            options={permissions.map((permission) => ({
              value: permission.code,
              label: `${permission.name} (${permission.code})`,
            }))}
          />
        </Form.Item>
      </FormModal>
    </ListCard>
  );
}
