import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type {
  CatalogueItem,
  CatalogueItemSpec,
  CatalogueVersion,
  Dictionary,
  FieldSpec,
  FieldType,
  ItemRoles,
  Openness,
  PublicityRule,
} from '../api/records-types';
import { type Items, PERMISSIONS, SUBJECT_TYPE_CODES } from '../api/types';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useSubjectTypes } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import { type MessageKey, zhCN } from '../i18n/messages';
import { useAuth } from './auth';
import { ActionButton } from './parts/ActionButton';
import { FormDrawer } from './parts/FormDrawer';
import { FormListTable } from './parts/FormListTable';
import { useRequiredRule } from './parts/useRequiredRule';

/** The 13 categories of the national catalogue, in archive order (src/modules/subjects/archive.ts). */
const CATEGORIES = [
  'REGISTRATION',
  'JUDICIAL',
  'ADMINISTRATIVE',
  'QUALIFICATION',
  'ABNORMAL_OPERATION',
  'SERIOUS_DISHONESTY',
  'CONTRACT',
  'COMMITMENT',
  'EVALUATION',
  'HONOUR',
  'VOLUNTARY',
  'LAW_COMPLIANCE',
  'INTELLECTUAL_PROPERTY',
] as const;
const FIELD_TYPES: FieldType[] = ['text', 'date', 'amount', 'enum', 'enumList', 'uscc', 'idNumber'];
const OPENNESS: Openness[] = ['PUBLIC', 'SHARED', 'AUTHORISED'];
const OPENNESS_COLORS: Record<Openness, string> = { PUBLIC: 'green', SHARED: 'blue', AUTHORISED: 'orange' };
const PUBLICITY_RULES: PublicityRule['rule'][] = ['PENALTY_TIERS', 'LICENCE', 'FIXED_MONTHS', 'NONE'];
const CATALOGUE_COLORS: Record<string, string> = { NATIONAL: 'red', JILIN: 'geekblue' };
const REQUIRED_ROLES = [
  'partyName',
  'partyClass',
  'uscc',
  'idType',
  'idNumber',
  'decisionNo',
  'decisionDate',
  'authorityName',
  'authorityCode',
] as const;
const OPTIONAL_ROLES = [
  'validFrom',
  'validTo',
  'tier',
  'kinds',
  'amount',
  'legalRepresentative',
  'sourceName',
  'sourceCode',
  'publicityEnd',
] as const;
type RoleKey = (typeof REQUIRED_ROLES)[number] | (typeof OPTIONAL_ROLES)[number];

type RequiredChoice = 'NO' | 'YES' | 'LEGAL_PERSON' | 'NATURAL_PERSON';
const REQUIRED_CHOICES: RequiredChoice[] = ['NO', 'YES', 'LEGAL_PERSON', 'NATURAL_PERSON'];

interface FieldRow {
  code: string;
  label: string;
  aliases?: string[];
  type: FieldType;
  dictionary?: string;
  required: RequiredChoice;
  maxLength?: number | null;
  public: boolean;
}

interface ItemForm {
  code: string;
  name: string;
  nameEn: string;
  category: string;
  legalBasis: string;
  providers: string[];
  openness: Openness;
  publicityRule: PublicityRule['rule'];
  publicityMonths?: number;
  subjectTypes: string[];
  keyIncludesParty: boolean;
  prefix: string;
  fields: FieldRow[];
  roles: Partial<Record<RoleKey, string>>;
}

interface Created {
  versionId: number;
  version: string;
  item: CatalogueItem;
}

const categoryOrder = (category: string) => CATEGORIES.indexOf(category as (typeof CATEGORIES)[number]);
const isEnumType = (type: FieldType | undefined) => type === 'enum' || type === 'enumList';
const messageKey = (key: string): MessageKey | undefined => (key in zhCN ? (key as MessageKey) : undefined);

/** Localised labels of catalogue codes (unknown codes are shown as they are). */
function useLabels() {
  const { t } = useI18n();
  const label = (key: string, fallback: string) => {
    const known = messageKey(key);
    return known ? t(known) : fallback;
  };
  return {
    category: (code: string) => label(`catalogue.category.${code}`, code),
    catalogue: (code: string) => label(`catalogue.${code}`, code),
    catalogueShort: (code: string) => label(`catalogue.short.${code}`, code),
    openness: (code: string) => label(`catalogue.openness.${code}`, code),
    type: (code: string) => label(`catalogue.type.${code}`, code),
    role: (code: string) => label(`catalogue.role.${code}`, code),
    publicity: (publicity: PublicityRule) =>
      publicity.rule === 'FIXED_MONTHS'
        ? t('catalogue.publicity.FIXED_MONTHS', { months: publicity.months })
        : label(`catalogue.publicity.${publicity.rule}`, publicity.rule),
    required: (required: FieldSpec['required']) =>
      t(
        required === true
          ? 'catalogue.required.YES'
          : required
            ? `catalogue.required.${required}`
            : 'catalogue.required.NO',
      ),
  };
}

/**
 * The party block of the national items (行政相对人 name, class, USCC, ID type and number) plus the
 * decision number, date and authority. Labels are catalogue data (Chinese column headers of intake
 * files), not UI strings.
 */
function template(prefix: string): Pick<ItemForm, 'fields' | 'roles'> {
  const p = prefix.trim() || 'JL';
  const field = (code: string, label: string, rest: Partial<FieldRow>): FieldRow => ({
    code: `${p}_${code}`,
    label,
    type: 'text',
    required: 'YES',
    public: true,
    ...rest,
  });
  return {
    fields: [
      field('XDR_MC', '行政相对人名称', { maxLength: 200 }),
      field('XDR_LB', '行政相对人类别', { type: 'enum', dictionary: 'PARTY_CLASS' }),
      field('XDR_SHXYM', '统一社会信用代码', { type: 'uscc', required: 'LEGAL_PERSON' }),
      field('XDR_ZJLX', '证件类型', {
        type: 'enum',
        dictionary: 'ID_TYPE',
        required: 'NATURAL_PERSON',
        public: false,
      }),
      field('XDR_ZJHM', '证件号码', { type: 'idNumber', required: 'NATURAL_PERSON', public: false }),
      field('BH', '决定文书号', { maxLength: 128 }),
      field('JDRQ', '决定日期', { type: 'date' }),
      field('JG', '决定机关', { maxLength: 200 }),
      field('JGDM', '决定机关统一社会信用代码', { type: 'uscc' }),
    ],
    roles: {
      partyName: `${p}_XDR_MC`,
      partyClass: `${p}_XDR_LB`,
      uscc: `${p}_XDR_SHXYM`,
      idType: `${p}_XDR_ZJLX`,
      idNumber: `${p}_XDR_ZJHM`,
      decisionNo: `${p}_BH`,
      decisionDate: `${p}_JDRQ`,
      authorityName: `${p}_JG`,
      authorityCode: `${p}_JGDM`,
    },
  };
}

const DEFAULT_PREFIX = 'JL';

function newItemForm(): ItemForm {
  return {
    code: 'JL_',
    name: '',
    nameEn: '',
    category: 'ADMINISTRATIVE',
    legalBasis: '',
    providers: [],
    openness: 'SHARED',
    publicityRule: 'NONE',
    subjectTypes: ['ENTERPRISE', 'INDIVIDUAL'],
    keyIncludesParty: false,
    prefix: DEFAULT_PREFIX,
    ...template(DEFAULT_PREFIX),
  };
}

/** An existing item as form values (for a revision). */
function toForm(item: CatalogueItemSpec): ItemForm {
  return {
    code: item.code,
    name: item.name,
    nameEn: item.nameEn,
    category: item.category,
    legalBasis: item.legalBasis,
    providers: item.providers,
    openness: item.openness,
    publicityRule: item.publicity.rule,
    publicityMonths: item.publicity.rule === 'FIXED_MONTHS' ? item.publicity.months : undefined,
    subjectTypes: item.subjectTypes,
    keyIncludesParty: item.keyIncludesParty === true,
    prefix: item.fields[0]?.code.split('_')[0] ?? DEFAULT_PREFIX,
    fields: item.fields.map((field) => ({
      code: field.code,
      label: field.label,
      aliases: field.aliases,
      type: field.type,
      dictionary: field.dictionary,
      required: field.required === true ? 'YES' : field.required || 'NO',
      maxLength: field.maxLength ?? null,
      public: field.public !== false,
    })),
    roles: { ...item.roles },
  };
}

/** Form values → the request body of `POST /catalogue/items`. */
function toSpec(values: ItemForm): CatalogueItemSpec {
  const roles = Object.fromEntries(
    Object.entries(values.roles ?? {}).filter(([, code]) => !!code),
  ) as unknown as ItemRoles;
  return {
    code: values.code.trim(),
    category: values.category,
    name: values.name.trim(),
    nameEn: values.nameEn.trim(),
    legalBasis: values.legalBasis.trim(),
    providers: values.providers.map((provider) => provider.trim()).filter(Boolean),
    openness: values.openness,
    publicity:
      values.publicityRule === 'FIXED_MONTHS'
        ? { rule: 'FIXED_MONTHS', months: values.publicityMonths ?? 12 }
        : { rule: values.publicityRule },
    subjectTypes: values.subjectTypes,
    keyIncludesParty: values.keyIncludesParty === true,
    roles,
    fields: (values.fields ?? []).map((row) => {
      const field: FieldSpec = { code: row.code.trim(), label: row.label.trim(), type: row.type };
      if (row.aliases?.length) field.aliases = row.aliases;
      if (isEnumType(row.type) && row.dictionary) field.dictionary = row.dictionary;
      if (row.required === 'YES') field.required = true;
      else if (row.required !== 'NO') field.required = row.required;
      if (row.maxLength) field.maxLength = row.maxLength;
      if (!row.public) field.public = false;
      return field;
    }),
  };
}

/** 信用信息目录: catalogue versions, the items of the current (or a chosen) version, dictionaries. */
export default function CataloguePage() {
  const { t, localName } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const labels = useLabels();
  const manage = can(PERMISSIONS.catalogueManage);
  useDocumentTitle(t('console.menu.catalogue'));

  const [params, setParams] = useSearchParams();
  const versionId = Number(params.get('version')) || null;
  const tab = params.get('tab') === 'dictionaries' ? 'dictionaries' : 'items';
  const filters = {
    catalogue: params.get('catalogue') ?? '',
    category: params.get('category') ?? '',
    q: params.get('q') ?? '',
  };
  const setParam = (patch: Record<string, string | null | undefined>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(patch)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  const versions = useApi<Items<CatalogueVersion>>('/catalogue/versions');
  const items = useApi<Items<CatalogueItem>>(
    versionId ? `/catalogue/versions/${versionId}/items` : '/catalogue/items',
  );
  const dictionaries = useApi<Items<Dictionary>>('/dictionaries').data?.items ?? [];
  const selectedVersion = versions.data?.items.find((version) => version.id === versionId);
  // National base catalogue first, then the Jilin supplements; oldest first within each.
  const sortedVersions = useMemo(
    () =>
      [...(versions.data?.items ?? [])].sort(
        (a, b) =>
          Number(a.catalogue !== 'NATIONAL') - Number(b.catalogue !== 'NATIONAL') ||
          a.publishedOn.localeCompare(b.publishedOn) ||
          a.id - b.id,
      ),
    [versions.data],
  );

  const [editor, setEditor] = useState<{
    open: boolean;
    session: number;
    initial?: ItemForm;
    revising?: string;
  }>({ open: false, session: 0 });
  const openEditor = (item?: CatalogueItem) =>
    setEditor((previous) => ({
      open: true,
      session: previous.session + 1,
      initial: item ? toForm(item) : newItemForm(),
      revising: item?.code,
    }));
  const [created, setCreated] = useState<Created | null>(null);

  const onCreated = (result: Created) => {
    setEditor((previous) => ({ ...previous, open: false }));
    setCreated(result);
    message.success(t('catalogue.form.created', { version: result.version, code: result.item.code }));
    setParam({ version: null });
    versions.reload();
    items.reload();
  };

  const allItems = items.data?.items ?? [];
  const visible = useMemo(() => {
    const q = filters.q.trim().toLowerCase();
    return (items.data?.items ?? [])
      .filter((item) => !filters.catalogue || item.catalogue === filters.catalogue)
      .filter((item) => !filters.category || item.category === filters.category)
      .filter(
        (item) =>
          !q ||
          item.code.toLowerCase().includes(q) ||
          item.name.includes(q) ||
          item.nameEn.toLowerCase().includes(q),
      )
      .map((item, index) => ({ item, index }))
      .sort((a, b) => categoryOrder(a.item.category) - categoryOrder(b.item.category) || a.index - b.index)
      .map(({ item }) => item);
  }, [items.data, filters.catalogue, filters.category, filters.q]);

  const providers = useMemo(
    () => [...new Set((items.data?.items ?? []).flatMap((item) => item.providers))],
    [items.data],
  );
  const dictionaryName = (code: string | undefined) => {
    const dictionary = dictionaries.find((entry) => entry.code === code);
    return dictionary ? `${dictionary.name}（${dictionary.code}）` : (code ?? '—');
  };

  const itemsTab = (
    <>
      {versionId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="catalogue-viewing-version"
          title={t('catalogue.viewing', {
            title: selectedVersion?.title ?? versionId,
            version: selectedVersion?.version ?? '',
          })}
          description={selectedVersion?.current ? undefined : t('catalogue.viewingNote')}
          action={
            <Button size="small" onClick={() => setParam({ version: null })} data-testid="catalogue-back">
              {t('catalogue.backToCurrent')}
            </Button>
          }
        />
      )}
      <div className="xy-toolbar">
        <Space wrap>
          <Select
            allowClear
            placeholder={t('catalogue.catalogue')}
            style={{ width: 180 }}
            value={filters.catalogue || undefined}
            onChange={(value) => setParam({ catalogue: value })}
            data-testid="catalogue-filter-catalogue"
            options={['NATIONAL', 'JILIN'].map((code) => ({ value: code, label: labels.catalogue(code) }))}
          />
          <Select
            allowClear
            placeholder={t('catalogue.category')}
            style={{ width: 260 }}
            value={filters.category || undefined}
            onChange={(value) => setParam({ category: value })}
            data-testid="catalogue-filter-category"
            options={CATEGORIES.map((code) => ({
              value: code,
              label: `${labels.category(code)} (${allItems.filter((item) => item.category === code).length})`,
            }))}
          />
          <Input.Search
            allowClear
            placeholder={t('catalogue.keyword')}
            style={{ width: 220 }}
            defaultValue={filters.q}
            onSearch={(value) => setParam({ q: value })}
            data-testid="catalogue-filter-q"
          />
        </Space>
        <Typography.Text type="secondary">{t('common.total', { n: visible.length })}</Typography.Text>
      </div>
      {items.error && (
        <Alert type="error" showIcon title={items.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<CatalogueItem>
        rowKey={(item) => `${item.versionId}-${item.code}`}
        loading={items.loading}
        dataSource={visible}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        data-testid="catalogue-items"
        onRow={(item) => ({ 'data-testid': `catalogue-item-${item.code}` }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (item) => <ItemDetail item={item} dictionaryName={dictionaryName} />,
        }}
        columns={[
          {
            title: t('catalogue.code'),
            dataIndex: 'code',
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          {
            title: t('catalogue.name'),
            key: 'name',
            render: (_, item) => localName(item),
          },
          {
            title: t('catalogue.category'),
            dataIndex: 'category',
            render: (code: string) => <Tag>{labels.category(code)}</Tag>,
          },
          {
            title: t('catalogue.catalogue'),
            key: 'catalogue',
            render: (_, item) => (
              <Tag color={CATALOGUE_COLORS[item.catalogue]}>
                {labels.catalogueShort(item.catalogue)} {item.version}
              </Tag>
            ),
          },
          {
            title: t('catalogue.legalBasis'),
            dataIndex: 'legalBasis',
            width: 240,
            render: (text: string) => (
              <Typography.Paragraph
                ellipsis={{ rows: 2, tooltip: text }}
                style={{ marginBottom: 0, maxWidth: 240 }}
              >
                {text}
              </Typography.Paragraph>
            ),
          },
          {
            title: t('catalogue.providers'),
            dataIndex: 'providers',
            render: (list: string[]) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 200 }}>
                {list.map((provider) => (
                  <Tag key={provider}>{provider}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('catalogue.openness'),
            dataIndex: 'openness',
            render: (code: Openness) => <Tag color={OPENNESS_COLORS[code]}>{labels.openness(code)}</Tag>,
          },
          {
            title: t('catalogue.publicity'),
            dataIndex: 'publicity',
            render: (publicity: PublicityRule) => labels.publicity(publicity),
          },
          ...(manage && !versionId
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, item: CatalogueItem) =>
                    item.catalogue === 'JILIN' && (
                      <ActionButton
                        onClick={() => openEditor(item)}
                        data-testid={`catalogue-revise-${item.code}`}
                      >
                        {t('catalogue.revise')}
                      </ActionButton>
                    ),
                },
              ]
            : []),
        ]}
      />
    </>
  );

  const dictionariesTab = (
    <Row gutter={[16, 16]} data-testid="catalogue-dictionaries">
      {dictionaries.map((dictionary) => (
        <Col xs={24} xl={12} key={dictionary.code}>
          <Card
            size="small"
            title={
              <Space>
                {dictionary.name}
                <Typography.Text code>{dictionary.code}</Typography.Text>
              </Space>
            }
            extra={t('catalogue.dictionary.entries', { n: dictionary.entries.length })}
            data-testid={`catalogue-dictionary-${dictionary.code}`}
          >
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={dictionary.entries}
              columns={[
                { title: t('catalogue.entry.code'), dataIndex: 'code', width: 100 },
                { title: t('catalogue.entry.label'), dataIndex: 'label' },
                {
                  title: t('catalogue.field.aliases'),
                  dataIndex: 'aliases',
                  render: (aliases?: string[]) => (aliases?.length ? aliases.join('、') : '—'),
                },
              ]}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );

  return (
    <Card
      title={t('console.menu.catalogue')}
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => openEditor()}
            data-testid="catalogue-add"
          >
            {t('catalogue.add')}
          </Button>
        )
      }
    >
      <Alert
        type="info"
        showIcon
        title={t('catalogue.immutable')}
        style={{ marginBottom: 16 }}
        data-testid="catalogue-immutable-note"
      />
      {created && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setCreated(null) }}
          style={{ marginBottom: 16 }}
          data-testid="catalogue-created"
          title={t('catalogue.form.created', { version: created.version, code: created.item.code })}
        />
      )}
      <Typography.Title level={5}>{t('catalogue.versions')}</Typography.Title>
      {versions.error && (
        <Alert type="error" showIcon title={versions.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<CatalogueVersion>
        rowKey="id"
        size="small"
        loading={versions.loading}
        dataSource={sortedVersions}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="catalogue-versions"
        onRow={(version) =>
          ({
            'data-testid': `catalogue-version-${version.id}`,
            style: version.id === versionId ? { background: '#fff1f0' } : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('catalogue.catalogue'),
            dataIndex: 'catalogue',
            render: (code: string) => <Tag color={CATALOGUE_COLORS[code]}>{labels.catalogue(code)}</Tag>,
          },
          { title: t('catalogue.version'), dataIndex: 'version' },
          { title: t('catalogue.title'), dataIndex: 'title' },
          { title: t('catalogue.documentNo'), dataIndex: 'documentNo', render: (value) => value ?? '—' },
          { title: t('catalogue.publishedOn'), dataIndex: 'publishedOn' },
          { title: t('catalogue.createdBy'), dataIndex: 'createdBy' },
          { title: t('catalogue.itemCount'), dataIndex: 'items', align: 'right' },
          {
            title: t('catalogue.state'),
            dataIndex: 'current',
            render: (current: boolean) =>
              current ? (
                <Tag color="success">{t('catalogue.current')}</Tag>
              ) : (
                <Tag>{t('catalogue.superseded')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, version) => (
              <ActionButton
                disabled={version.id === versionId}
                onClick={() => setParam({ version: String(version.id), tab: null })}
                data-testid={`catalogue-version-view-${version.id}`}
              >
                {t('catalogue.viewItems')}
              </ActionButton>
            ),
          },
        ]}
      />
      <Tabs
        style={{ marginTop: 16 }}
        activeKey={tab}
        onChange={(key) => setParam({ tab: key === 'items' ? null : key })}
        items={[
          { key: 'items', label: t('catalogue.tab.items'), children: itemsTab },
          { key: 'dictionaries', label: t('catalogue.tab.dictionaries'), children: dictionariesTab },
        ]}
      />
      {manage && editor.session > 0 && (
        <ItemFormDrawer
          key={editor.session}
          open={editor.open}
          initial={editor.initial ?? newItemForm()}
          revising={editor.revising}
          dictionaries={dictionaries}
          providers={providers}
          onClose={() => setEditor((previous) => ({ ...previous, open: false }))}
          onCreated={onCreated}
        />
      )}
    </Card>
  );
}

/** The expanded row of an item: subject types, legal basis, field roles and the field specification. */
function ItemDetail({
  item,
  dictionaryName,
}: {
  item: CatalogueItem;
  dictionaryName(code: string | undefined): string;
}) {
  const { t, localName } = useI18n();
  const labels = useLabels();
  const types = useSubjectTypes();
  const rolesOf = (code: string) =>
    Object.entries(item.roles)
      .filter(([, field]) => field === code)
      .map(([role]) => role);
  return (
    <div data-testid={`catalogue-detail-${item.code}`}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, lg: 2 }}
        items={[
          { key: 'nameEn', label: t('catalogue.nameEn'), children: item.nameEn },
          {
            key: 'subjectTypes',
            label: t('catalogue.subjectTypes'),
            children: (
              <Space size={[4, 4]} wrap>
                {item.subjectTypes.map((code) => (
                  <Tag key={code}>
                    {localName(
                      types.find((type) => type.code === code),
                      code,
                    )}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'naturalKey',
            label: t('catalogue.naturalKey'),
            children: t(
              item.keyIncludesParty ? 'catalogue.naturalKey.party' : 'catalogue.naturalKey.decision',
            ),
          },
          { key: 'legalBasis', label: t('catalogue.legalBasis'), children: item.legalBasis, span: 'filled' },
          ...(item.since ? [{ key: 'since', label: t('catalogue.since'), children: item.since }] : []),
        ]}
      />
      <Table<FieldSpec>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="code"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={item.fields}
        title={() => `${t('catalogue.fields')} · ${t('catalogue.fieldCount', { n: item.fields.length })}`}
        data-testid={`catalogue-fields-${item.code}`}
        columns={[
          {
            title: t('catalogue.field.code'),
            dataIndex: 'code',
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          {
            title: t('catalogue.field.label'),
            key: 'label',
            render: (_, field) => (
              <>
                {field.label}
                {field.aliases?.length ? (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t('catalogue.field.aliases')}：{field.aliases.join('、')}
                  </Typography.Text>
                ) : null}
              </>
            ),
          },
          {
            title: t('catalogue.field.type'),
            dataIndex: 'type',
            render: (type: string) => labels.type(type),
          },
          {
            title: t('catalogue.field.dictionary'),
            dataIndex: 'dictionary',
            render: (code?: string) => (code ? dictionaryName(code) : '—'),
          },
          {
            title: t('catalogue.field.required'),
            dataIndex: 'required',
            render: (required: FieldSpec['required']) =>
              required ? (
                <Tag color={required === true ? 'red' : 'orange'}>{labels.required(required)}</Tag>
              ) : (
                labels.required(required)
              ),
          },
          {
            title: t('catalogue.field.maxLength'),
            dataIndex: 'maxLength',
            align: 'right',
            render: (value?: number) => value ?? '—',
          },
          {
            title: t('catalogue.field.public'),
            dataIndex: 'public',
            render: (value?: boolean) =>
              value === false ? <Tag>{t('common.no')}</Tag> : <Tag color="green">{t('common.yes')}</Tag>,
          },
          {
            title: t('catalogue.roles'),
            key: 'roles',
            render: (_, field) => (
              <Space size={[4, 4]} wrap>
                {rolesOf(field.code).map((role) => (
                  <Tag key={role} color="purple">
                    {labels.role(role)}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}

/** The drawer form that adds (or revises) a supplementary item: a new version of the Jilin catalogue. */
function ItemFormDrawer({
  open,
  initial,
  revising,
  dictionaries,
  providers,
  onClose,
  onCreated,
}: {
  open: boolean;
  initial: ItemForm;
  revising?: string;
  dictionaries: Dictionary[];
  providers: string[];
  onClose(): void;
  onCreated(result: Created): void;
}) {
  const { t, localName } = useI18n();
  const labels = useLabels();
  const types = useSubjectTypes();
  const [form] = Form.useForm<ItemForm>();
  const rows = (Form.useWatch('fields', form) as FieldRow[] | undefined) ?? initial.fields;
  const rule = Form.useWatch('publicityRule', form) ?? initial.publicityRule;
  const requiredRule = useRequiredRule();

  const fieldOptions = rows
    .filter((row) => row?.code)
    .map((row) => ({ value: row.code, label: `${row.code} ${row.label ?? ''}` }));

  const roleSelect = (role: RoleKey, required: boolean) => (
    <Col xs={24} md={12} xl={8} key={role}>
      <Form.Item
        name={['roles', role]}
        label={labels.role(role)}
        rules={[
          ...(required ? [requiredRule(labels.role(role))] : []),
          {
            validator: (_, value?: string) =>
              !value || rows.some((row) => row?.code === value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('catalogue.form.unknownField'))),
          },
        ]}
      >
        <Select
          allowClear={!required}
          showSearch
          options={fieldOptions}
          data-testid={`catalogue-form-role-${role}`}
        />
      </Form.Item>
    </Col>
  );

  return (
    <FormDrawer<ItemForm>
      open={open}
      onClose={onClose}
      size={1240}
      title={revising ? t('catalogue.form.reviseTitle', { code: revising }) : t('catalogue.form.title')}
      submitText={t('catalogue.form.submit')}
      form={form}
      initialValues={initial}
      notice={
        <Alert type="warning" showIcon title={t('catalogue.form.notice')} style={{ marginBottom: 16 }} />
      }
      failureTitle={(failure) => `${t('catalogue.form.failed')}（${failure.code}）`}
      testId="catalogue-form"
      onSubmit={async (values) => onCreated(await api.post<Created>('/catalogue/items', toSpec(values)))}
      onFailure={(failure) => {
        if (failure.field === 'code') form.setFields([{ name: 'code', errors: [failure.message] }]);
      }}
    >
      <Divider titlePlacement="start">{t('catalogue.form.basic')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="code"
            label={t('catalogue.code')}
            extra={t('catalogue.form.codeHint')}
            rules={[
              requiredRule(t('catalogue.code')),
              { pattern: /^[A-Z][A-Z0-9_]{1,63}$/, message: t('catalogue.form.codeHint') },
            ]}
          >
            <Input disabled={!!revising} data-testid="catalogue-form-code" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="name"
            label={t('catalogue.name')}
            rules={[requiredRule(t('catalogue.name')), { max: 100 }]}
          >
            <Input data-testid="catalogue-form-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="nameEn"
            label={t('catalogue.nameEn')}
            rules={[requiredRule(t('catalogue.nameEn')), { max: 200 }]}
          >
            <Input data-testid="catalogue-form-name-en" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="category"
            label={t('catalogue.category')}
            rules={[requiredRule(t('catalogue.category'))]}
          >
            <Select
              data-testid="catalogue-form-category"
              options={CATEGORIES.map((code) => ({ value: code, label: labels.category(code) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item
            name="providers"
            label={t('catalogue.providers')}
            rules={[{ ...requiredRule(t('catalogue.providers')), type: 'array', min: 1 }]}
          >
            <Select
              mode="tags"
              placeholder={t('catalogue.form.providersPlaceholder')}
              tokenSeparators={['；', ';', '、']}
              options={providers.map((provider) => ({ value: provider, label: provider }))}
              data-testid="catalogue-form-providers"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="legalBasis"
            label={t('catalogue.legalBasis')}
            rules={[requiredRule(t('catalogue.legalBasis')), { max: 2000 }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="catalogue-form-legal-basis" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="openness"
            label={t('catalogue.openness')}
            rules={[requiredRule(t('catalogue.openness'))]}
          >
            <Select
              data-testid="catalogue-form-openness"
              options={OPENNESS.map((code) => ({ value: code, label: labels.openness(code) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="publicityRule" label={t('catalogue.publicity')}>
            <Select
              data-testid="catalogue-form-publicity"
              options={PUBLICITY_RULES.map((code) => ({
                value: code,
                label:
                  code === 'FIXED_MONTHS'
                    ? t('catalogue.publicity.FIXED_MONTHS.option')
                    : labels.publicity({ rule: code } as PublicityRule),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          {rule === 'FIXED_MONTHS' && (
            <Form.Item
              name="publicityMonths"
              label={t('catalogue.publicityMonths')}
              initialValue={initial.publicityMonths ?? 12}
              rules={[requiredRule(t('catalogue.publicityMonths'))]}
            >
              <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          )}
        </Col>
        <Col xs={24}>
          <Form.Item
            name="subjectTypes"
            label={t('catalogue.subjectTypes')}
            rules={[{ ...requiredRule(t('catalogue.subjectTypes')), type: 'array', min: 1 }]}
          >
            <Checkbox.Group
              data-testid="catalogue-form-subject-types"
              options={SUBJECT_TYPE_CODES.map((code) => ({
                value: code,
                label: localName(
                  types.find((type) => type.code === code),
                  code,
                ),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="keyIncludesParty"
            label={t('catalogue.naturalKey')}
            valuePropName="checked"
            extra={t('catalogue.form.keyIncludesPartyHint')}
          >
            <Switch data-testid="catalogue-form-key-includes-party" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('catalogue.form.fields')}</Divider>
      <Typography.Paragraph type="secondary">{t('catalogue.form.templateHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Form.Item
          name="prefix"
          label={t('catalogue.form.prefix')}
          layout="horizontal"
          style={{ marginBottom: 0 }}
        >
          <Input style={{ width: 120 }} data-testid="catalogue-form-prefix" />
        </Form.Item>
        <Popconfirm
          title={t('catalogue.form.templateConfirm')}
          onConfirm={() => form.setFieldsValue(template(form.getFieldValue('prefix') ?? DEFAULT_PREFIX))}
        >
          <Button data-testid="catalogue-form-template">{t('catalogue.form.applyTemplate')}</Button>
        </Popconfirm>
      </Space>
      <FormListTable
        name="fields"
        scroll={{ x: 'max-content' }}
        testId="catalogue-form-fields"
        columns={[
          {
            title: t('catalogue.field.code'),
            key: 'code',
            render: (_, row) => (
              <Form.Item
                name={[row.name, 'code']}
                style={{ marginBottom: 0 }}
                rules={[
                  requiredRule(t('catalogue.field.code')),
                  {
                    pattern: /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
                    message: t('catalogue.form.fieldCodeRule'),
                  },
                  {
                    validator: (_, value?: string) =>
                      value && rows.filter((other) => other?.code === value).length > 1
                        ? Promise.reject(new Error(t('catalogue.form.duplicateCode')))
                        : Promise.resolve(),
                  },
                ]}
              >
                <Input style={{ width: 140 }} data-testid={`catalogue-form-field-code-${row.name}`} />
              </Form.Item>
            ),
          },
          {
            title: t('catalogue.field.label'),
            key: 'label',
            render: (_, row) => (
              <Form.Item
                name={[row.name, 'label']}
                style={{ marginBottom: 0 }}
                rules={[requiredRule(t('catalogue.field.label')), { max: 60 }]}
              >
                <Input style={{ width: 170 }} data-testid={`catalogue-form-field-label-${row.name}`} />
              </Form.Item>
            ),
          },
          {
            title: t('catalogue.field.aliases'),
            key: 'aliases',
            render: (_, row) => (
              <Form.Item name={[row.name, 'aliases']} style={{ marginBottom: 0 }}>
                <Select mode="tags" open={false} tokenSeparators={['，', ',', '、']} style={{ width: 120 }} />
              </Form.Item>
            ),
          },
          {
            title: t('catalogue.field.type'),
            key: 'type',
            render: (_, row) => (
              <Form.Item name={[row.name, 'type']} style={{ marginBottom: 0 }}>
                <Select
                  style={{ width: 130 }}
                  popupMatchSelectWidth={false}
                  options={FIELD_TYPES.map((type) => ({ value: type, label: labels.type(type) }))}
                />
              </Form.Item>
            ),
          },
          {
            title: t('catalogue.field.dictionary'),
            key: 'dictionary',
            render: (_, row) =>
              isEnumType(rows[row.name]?.type) ? (
                <Form.Item
                  name={[row.name, 'dictionary']}
                  style={{ marginBottom: 0 }}
                  rules={[requiredRule(t('catalogue.field.dictionary'))]}
                >
                  <Select
                    style={{ width: 150 }}
                    popupMatchSelectWidth={false}
                    options={dictionaries.map((dictionary) => ({
                      value: dictionary.code,
                      label: `${dictionary.name}（${dictionary.code}）`,
                    }))}
                  />
                </Form.Item>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: t('catalogue.field.required'),
            key: 'required',
            render: (_, row) => (
              <Form.Item name={[row.name, 'required']} style={{ marginBottom: 0 }}>
                <Select
                  style={{ width: 110 }}
                  options={REQUIRED_CHOICES.map((choice) => ({
                    value: choice,
                    label: t(`catalogue.required.${choice}`),
                  }))}
                />
              </Form.Item>
            ),
          },
          {
            title: t('catalogue.field.maxLength'),
            key: 'maxLength',
            render: (_, row) => (
              <Form.Item name={[row.name, 'maxLength']} style={{ marginBottom: 0 }}>
                <InputNumber min={1} max={100000} precision={0} style={{ width: 90 }} />
              </Form.Item>
            ),
          },
          {
            title: t('catalogue.field.public'),
            key: 'public',
            render: (_, row) => (
              <Form.Item name={[row.name, 'public']} valuePropName="checked" style={{ marginBottom: 0 }}>
                <Switch size="small" />
              </Form.Item>
            ),
          },
        ]}
        removeLabel={t('catalogue.form.removeField')}
        removeTitle={t('catalogue.form.removeField')}
        removeTestId={(index) => `catalogue-form-field-remove-${index}`}
        minRows={1}
        addText={t('catalogue.form.addField')}
        addTestId="catalogue-form-field-add"
        newRow={() =>
          ({
            code: `${(form.getFieldValue('prefix') as string | undefined)?.trim() || DEFAULT_PREFIX}_`,
            label: '',
            type: 'text',
            required: 'NO',
            public: true,
          }) satisfies FieldRow
        }
      />

      <Divider titlePlacement="start">{t('catalogue.form.roles')}</Divider>
      <Typography.Paragraph type="secondary">{t('catalogue.form.rolesHint')}</Typography.Paragraph>
      <Row gutter={16}>
        {REQUIRED_ROLES.map((role) => roleSelect(role, true))}
        {OPTIONAL_ROLES.map((role) => roleSelect(role, false))}
      </Row>
    </FormDrawer>
  );
}
