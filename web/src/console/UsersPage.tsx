import { App, Form, Input, Space, Tag } from 'antd';
import { api } from '../api/client';
import type { User } from '../api/types';
import { formatDateTime } from '../components/format';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import { ActionButton } from './parts/ActionButton';
import { changedFields, withoutEmpty } from './parts/diff';
import { FilterForm } from './parts/FilterForm';
import { FormModal } from './parts/FormModal';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';
import { RegionTreeSelect } from './parts/RegionTreeSelect';
import { DepartmentSelect, RoleSelect } from './parts/RemoteSelect';
import { useEditor } from './parts/useEditor';

type UserForm = Pick<User, 'username' | 'displayName' | 'role' | 'regionCode'> & {
  password?: string;
  departmentId?: number | null;
};

const isLocked = (user: User) => !!user.lockedUntil && new Date(user.lockedUntil) > new Date();

/** 用户管理: users with create, edit, unlock and disable/enable. */
export default function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const query = usePagedQuery<User>('/users', ['q', 'role']);
  const editor = useEditor<User>();
  const required = [{ required: true }];

  const save = ({ username, password, departmentId, ...rest }: UserForm) => {
    const body = { ...rest, departmentId: departmentId ?? null, password: password || null };
    return editor.record
      ? api.patch(`/users/${editor.record.id}`, changedFields(editor.record, body))
      : api.post('/users', withoutEmpty({ username, ...body }));
  };

  const update = async (user: User, patch: Partial<{ unlock: true; disabled: boolean }>) => {
    try {
      await api.patch(`/users/${user.id}`, patch);
      message.success(t('common.saved'));
      query.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <ListCard
      title={t('console.menu.users')}
      onCreate={editor.create}
      createTestId="user-create"
      filters={
        <FilterForm filters={query.filters} onApply={query.setFilters}>
          <Form.Item name="q">
            <Input allowClear placeholder={t('user.searchPlaceholder')} data-testid="users-keyword" />
          </Form.Item>
          <Form.Item name="role">
            <RoleSelect placeholder={t('user.role')} style={{ width: 160 }} />
          </Form.Item>
        </FilterForm>
      }
    >
      <PagedTable<User>
        query={query}
        testId="users-table"
        rowKey="id"
        columns={[
          { title: t('user.username'), dataIndex: 'username' },
          { title: t('user.displayName'), dataIndex: 'displayName' },
          { title: t('user.role'), dataIndex: 'roleName' },
          { title: t('user.region'), dataIndex: 'regionName' },
          { title: t('user.department'), dataIndex: 'departmentName', render: (value) => value ?? '—' },
          {
            title: t('user.state'),
            key: 'state',
            render: (_, user) => (
              <Space size={4}>
                {user.disabled ? (
                  <Tag>{t('user.disabled')}</Tag>
                ) : (
                  <Tag color="success">{t('user.active')}</Tag>
                )}
                {isLocked(user) && <Tag color="error">{t('user.locked')}</Tag>}
              </Space>
            ),
          },
          { title: t('user.lastLogin'), dataIndex: 'lastLoginAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, user) => (
              <Space>
                <ActionButton onClick={() => editor.edit(user)}>{t('common.edit')}</ActionButton>
                {isLocked(user) && (
                  <ActionButton onClick={() => update(user, { unlock: true })} data-testid="user-unlock">
                    {t('user.unlock')}
                  </ActionButton>
                )}
                <ActionButton
                  onClick={() => update(user, { disabled: !user.disabled })}
                  data-testid="user-toggle"
                >
                  {user.disabled ? t('user.enable') : t('user.disable')}
                </ActionButton>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<UserForm>
        editor={editor}
        entity={t('console.menu.users')}
        onSubmit={save}
        onDone={query.reload}
        testId="user-form"
      >
        <Form.Item name="username" label={t('user.username')} rules={required}>
          <Input disabled={!editor.creating} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('user.displayName')} rules={required}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('user.password')}
          rules={editor.creating ? required : []}
          extra={editor.creating ? undefined : t('user.passwordKeep')}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')} rules={required}>
          <RoleSelect data-testid="user-role" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('user.region')} rules={required}>
          <RegionTreeSelect data-testid="user-region" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('user.department')}>
          <DepartmentSelect
            data-testid="user-department"
            current={editor.record && { id: editor.record.departmentId, name: editor.record.departmentName }}
          />
        </Form.Item>
      </FormModal>
    </ListCard>
  );
}
