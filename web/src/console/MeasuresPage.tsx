import { HistoryOutlined } from '@ant-design/icons';
import {
  Alert,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, toApiError, toQuery } from '../api/client';
import {
  LIST_TYPES,
  type Matter,
  MEASURE_ACTIONS,
  MEASURE_LISTS,
  type Measure,
  type MeasureInput,
  type MeasureList,
} from '../api/lists-types';
import type { Items } from '../api/types';
import { formatDateTime } from '../components/format';
import { MeasureActionTag, useCodeLabel, useMatterName } from '../components/ListParts';
import { rowAttributes } from '../components/rowAttributes';
import { useApi } from '../hooks/useApi';
import { useSubjectTypes } from '../hooks/useReference';
import { useSearchParam } from '../hooks/useSearchParam';
import { useI18n } from '../i18n/I18nProvider';
import { ActionButton } from './parts/ActionButton';
import { FormDrawer } from './parts/FormDrawer';
import { ListCard } from './parts/ListCard';
import { LoadedTable } from './parts/LoadedTable';
import { useRequiredRule } from './parts/useRequiredRule';

const measurePath = (code: string, action: string) => `/measures/${encodeURIComponent(code)}/${action}`;

/** The columns of a measure shared by the list and the versions drawer. */
function useMeasureColumns(): TableColumnsType<Measure> {
  const { t, localName } = useI18n();
  const label = useCodeLabel();
  const matterName = useMatterName();
  const subjectTypes = useSubjectTypes();
  const subjectType = (code: string) =>
    localName(
      subjectTypes.find((type) => type.code === code),
      code,
    );
  return [
    {
      title: t('measures.code'),
      dataIndex: 'code',
      render: (code: string, measure) => (
        <Space size={4}>
          <Typography.Text code>{code}</Typography.Text>
          <Typography.Text type="secondary">v{measure.version}</Typography.Text>
        </Space>
      ),
    },
    { title: t('measures.class'), dataIndex: 'class', render: (n: number) => t('measures.classN', { n }) },
    { title: t('measures.name'), dataIndex: 'name' },
    {
      title: t('measures.action'),
      dataIndex: 'action',
      render: (_, measure) => <MeasureActionTag action={measure.action} />,
    },
    {
      title: t('measures.listTypes'),
      dataIndex: 'listTypes',
      render: (types: string[]) => types.map((type) => <Tag key={type}>{label('lists.type', type)}</Tag>),
    },
    {
      title: t('measures.matters'),
      dataIndex: 'matters',
      render: (codes: string[]) => codes.map(matterName).join('、'),
    },
    {
      title: t('measures.subjectTypes'),
      dataIndex: 'subjectTypes',
      render: (codes: string[]) => codes.map(subjectType).join('、'),
    },
    {
      title: t('measures.extends'),
      dataIndex: 'extendsToResponsible',
      render: (on: boolean) => (on ? t('common.yes') : t('common.no')),
    },
    {
      title: t('measures.status'),
      dataIndex: 'status',
      render: (status: Measure['status']) => (
        <Tag color={status === 'ACTIVE' ? 'success' : 'default'}>{t(`measures.status.${status}`)}</Tag>
      ),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
  ];
}

/** 措施清单: the national base list and the Jilin supplementary list, versioned; edits make new versions. */
export default function MeasuresPage() {
  const { t } = useI18n();
  const [tab, setTab] = useSearchParam('list');
  const list: MeasureList = MEASURE_LISTS.find((code) => code === tab) ?? 'NATIONAL';
  const [retired, setRetired] = useState(false);
  const measures = useApi<Items<Measure>>(
    `/measures${toQuery({ list, includeRetired: retired || undefined })}`,
  );
  const columns = useMeasureColumns();
  const [editing, setEditing] = useState<Measure | 'new' | null>(null);
  const [versionsOf, setVersionsOf] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const retire = async (measure: Measure) => {
    setFailure(null);
    try {
      await api.post<Measure>(measurePath(measure.code, 'retire'));
      measures.reload();
    } catch (error) {
      setFailure(toApiError(error).message);
    }
  };

  return (
    <ListCard
      title={t('console.menu.measures')}
      onCreate={() => setEditing('new')}
      createTestId="measures-create"
    >
      <Tabs
        activeKey={list}
        onChange={(key) => setTab(key === 'NATIONAL' ? null : key)}
        items={MEASURE_LISTS.map((code) => ({
          key: code,
          label: <span data-testid={`measures-tab-${code}`}>{t(`measures.list.${code}`)}</span>,
        }))}
        tabBarExtraContent={
          <Space>
            <Typography.Text type="secondary">{t('measures.includeRetired')}</Typography.Text>
            <Switch checked={retired} onChange={setRetired} data-testid="measures-retired" />
          </Space>
        }
      />
      {failure && (
        <Alert
          type="error"
          showIcon
          title={failure}
          style={{ marginBottom: 16 }}
          data-testid="measures-error"
        />
      )}
      <LoadedTable<Measure, Items<Measure>>
        state={measures}
        rows={(data) => data.items}
        testId="measures-table"
        rowKey={(measure) => `${measure.code}-${measure.version}`}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(measure) => rowAttributes('measure-row', { code: measure.code })}
        expandable={{
          expandedRowRender: (measure) => (
            <Space orientation="vertical" size={4}>
              <span>
                {t('measures.legalBasis')}: {measure.legalBasis}
              </span>
              <span>
                {t('measures.departments')}: {measure.implementingDepartments.join('、') || '—'}
              </span>
            </Space>
          ),
        }}
        columns={[
          ...columns,
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, measure) => (
              <Space>
                <ActionButton
                  icon={<HistoryOutlined />}
                  onClick={() => setVersionsOf(measure.code)}
                  data-testid="measure-versions"
                >
                  {t('measures.versions')}
                </ActionButton>
                {measure.status === 'ACTIVE' && (
                  <>
                    <ActionButton onClick={() => setEditing(measure)} data-testid="measure-edit">
                      {t('common.edit')}
                    </ActionButton>
                    <Popconfirm
                      title={t('measures.retireConfirm', { code: measure.code })}
                      onConfirm={() => retire(measure)}
                      okButtonProps={{ 'data-testid': 'measure-retire-confirm' }}
                    >
                      <ActionButton danger data-testid="measure-retire">
                        {t('measures.retire')}
                      </ActionButton>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={versionsOf !== null}
        onClose={() => setVersionsOf(null)}
        size={900}
        destroyOnHidden
        title={t('measures.versionsOf', { code: versionsOf ?? '' })}
        data-testid="measure-versions-drawer"
      >
        {versionsOf && <Versions code={versionsOf} />}
      </Drawer>
      {editing && (
        <MeasureForm
          measure={editing === 'new' ? null : editing}
          list={list}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            measures.reload();
          }}
        />
      )}
    </ListCard>
  );
}

function Versions({ code }: { code: string }) {
  const versions = useApi<Items<Measure>>(measurePath(code, 'versions'));
  const columns = useMeasureColumns();
  return (
    <LoadedTable<Measure, Items<Measure>>
      state={versions}
      rows={(data) => data.items}
      testId="measure-versions-table"
      size="small"
      rowKey="version"
      pagination={false}
      expandable={{ expandedRowRender: (measure) => measure.legalBasis }}
      columns={columns}
    />
  );
}

type MeasureValues = Omit<MeasureInput, 'implementingDepartments'> & { implementingDepartments?: string[] };

/** Create a measure, or edit one: saving makes a new version and retires the current one. */
function MeasureForm({
  measure,
  list,
  onClose,
  onSaved,
}: {
  measure: Measure | null;
  list: MeasureList;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, localName } = useI18n();
  const requiredRule = useRequiredRule();
  const matterName = useMatterName();
  const subjectTypes = useSubjectTypes();
  const matters = useApi<Items<Matter>>('/measures/matters').data?.items ?? [];
  const [form] = Form.useForm<MeasureValues>();
  const multi = (
    name: 'listTypes' | 'subjectTypes' | 'matters',
    options: { value: string; label: string }[],
  ) => (
    <Form.Item name={name} label={t(`measures.${name}`)} rules={[requiredRule(t(`measures.${name}`))]}>
      <Select mode="multiple" options={options} data-testid={`measure-form-${name}`} />
    </Form.Item>
  );
  const initialValues: Partial<MeasureValues> = measure ?? {
    list,
    class: 1,
    action: 'BLOCK',
    extendsToResponsible: false,
    implementingDepartments: [],
    listTypes: [],
    subjectTypes: [],
    matters: [],
  };
  return (
    <FormDrawer<MeasureValues>
      size={640}
      title={
        measure
          ? t('measures.editTitle', { code: measure.code, n: measure.version + 1 })
          : t('measures.create')
      }
      submitText={t('common.save')}
      form={form}
      initialValues={initialValues}
      notice={
        measure && (
          <Alert type="info" showIcon title={t('measures.editNotice')} style={{ marginBottom: 16 }} />
        )
      }
      testId="measure-form"
      onSubmit={async (values) => {
        await api.post<Measure>('/measures', {
          ...values,
          code: values.code.trim(),
          name: values.name.trim(),
          legalBasis: values.legalBasis.trim(),
          implementingDepartments: values.implementingDepartments ?? [],
          extendsToResponsible: !!values.extendsToResponsible,
        });
        onSaved();
      }}
      onFailure={(failure) => {
        if (failure.field && failure.field in initialValues)
          form.setFields([{ name: failure.field as keyof MeasureValues, errors: [failure.message] }]);
      }}
      onClose={onClose}
    >
      <Space wrap size={16}>
        <Form.Item
          name="code"
          label={t('measures.code')}
          rules={[
            requiredRule(t('measures.code')),
            { pattern: /^[A-Z0-9][A-Z0-9-]{1,19}$/, message: t('measures.codeRule') },
          ]}
        >
          <Input disabled={!!measure} data-testid="measure-form-code" />
        </Form.Item>
        <Form.Item name="list" label={t('measures.list')} rules={[requiredRule(t('measures.list'))]}>
          <Select
            style={{ width: 160 }}
            options={MEASURE_LISTS.map((value) => ({ value, label: t(`measures.list.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="class" label={t('measures.class')} rules={[requiredRule(t('measures.class'))]}>
          <Select
            style={{ width: 120 }}
            options={[1, 2, 3].map((n) => ({ value: n, label: t('measures.classN', { n }) }))}
          />
        </Form.Item>
      </Space>
      <Form.Item
        name="name"
        label={t('measures.name')}
        rules={[requiredRule(t('measures.name')), { max: 200 }]}
      >
        <Input data-testid="measure-form-name" />
      </Form.Item>
      <Form.Item
        name="legalBasis"
        label={t('measures.legalBasis')}
        rules={[requiredRule(t('measures.legalBasis')), { max: 2000 }]}
      >
        <Input.TextArea rows={3} data-testid="measure-form-legalBasis" />
      </Form.Item>
      <Form.Item
        name="implementingDepartments"
        label={t('measures.departments')}
        extra={t('measures.departmentsHint')}
        rules={[requiredRule(t('measures.departments'))]}
      >
        <Select
          mode="tags"
          open={false}
          tokenSeparators={[',', '，', '、']}
          data-testid="measure-form-departments"
        />
      </Form.Item>
      {multi(
        'listTypes',
        LIST_TYPES.map((value) => ({ value, label: t(`lists.type.${value}`) })),
      )}
      {multi(
        'subjectTypes',
        subjectTypes.map((type) => ({ value: type.code, label: localName(type) })),
      )}
      {multi(
        'matters',
        matters.map((matter) => ({ value: matter.code, label: matterName(matter.code) })),
      )}
      <Space wrap size={16}>
        <Form.Item name="action" label={t('measures.action')} rules={[requiredRule(t('measures.action'))]}>
          <Select
            style={{ width: 200 }}
            data-testid="measure-form-action"
            options={MEASURE_ACTIONS.map((value) => ({ value, label: t(`lists.action.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="extendsToResponsible" label={t('measures.extends')} valuePropName="checked">
          <Switch data-testid="measure-form-extends" />
        </Form.Item>
      </Space>
    </FormDrawer>
  );
}
