import { Form, Input } from 'antd';
import { api } from '../api/client';
import type { Department } from '../api/types';
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
import { DepartmentSelect } from './parts/RemoteSelect';
import { useEditor } from './parts/useEditor';

type DepartmentForm = Pick<Department, 'code' | 'name' | 'uscc' | 'regionCode'> & {
  parentId?: number | null;
};

/** 部门管理: departments with create and edit. */
export default function DepartmentsPage() {
  const { t } = useI18n();
  const query = usePagedQuery<Department>('/departments', ['q']);
  const editor = useEditor<Department>();
  const required = [{ required: true }];

  const save = ({ code, parentId, uscc, ...rest }: DepartmentForm) => {
    const body = { ...rest, uscc: uscc?.trim().toUpperCase() || null, parentId: parentId ?? null };
    return editor.record
      ? api.patch(`/departments/${editor.record.id}`, changedFields(editor.record, body))
      : api.post('/departments', withoutEmpty({ code, ...body }));
  };

  return (
    <ListCard
      title={t('console.menu.departments')}
      onCreate={editor.create}
      createTestId="department-create"
      filters={
        <FilterForm filters={query.filters} onApply={query.setFilters}>
          <Form.Item name="q">
            <Input allowClear placeholder={t('dept.searchPlaceholder')} data-testid="departments-keyword" />
          </Form.Item>
        </FilterForm>
      }
    >
      <PagedTable<Department>
        query={query}
        testId="departments-table"
        rowKey="id"
        columns={[
          { title: t('dept.code'), dataIndex: 'code' },
          { title: t('dept.name'), dataIndex: 'name' },
          { title: t('dept.uscc'), dataIndex: 'uscc', render: (value) => value ?? '—' },
          { title: t('dept.region'), dataIndex: 'regionName' },
          { title: t('dept.parent'), dataIndex: 'parentName', render: (value) => value ?? '—' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, department) => (
              <ActionButton onClick={() => editor.edit(department)}>{t('common.edit')}</ActionButton>
            ),
          },
        ]}
      />
      <FormModal<DepartmentForm>
        editor={editor}
        entity={t('console.menu.departments')}
        onSubmit={save}
        onDone={query.reload}
        testId="department-form"
      >
        <Form.Item name="code" label={t('dept.code')} rules={required}>
          <Input disabled={!editor.creating} data-testid="department-code" />
        </Form.Item>
        <Form.Item name="name" label={t('dept.name')} rules={required}>
          <Input data-testid="department-name" />
        </Form.Item>
        <Form.Item name="uscc" label={t('dept.uscc')}>
          <Input maxLength={18} data-testid="department-uscc" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('dept.region')} rules={required}>
          <RegionTreeSelect data-testid="department-region" />
        </Form.Item>
        <Form.Item name="parentId" label={t('dept.parent')}>
          <DepartmentSelect
            data-testid="department-parent"
            current={editor.record && { id: editor.record.parentId, name: editor.record.parentName }}
          />
        </Form.Item>
      </FormModal>
    </ListCard>
  );
}
