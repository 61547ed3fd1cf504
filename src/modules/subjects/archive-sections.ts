import type { ArchiveRegistry } from './archive.ts';
import { relationsOf } from './repository.ts';
import { presentPublic } from './service.ts';
import { RELATION_ROLES } from './subject-types.ts';

/** The subjects module's own archive sections: registration attributes and related persons. */
export function registerSubjectArchiveSections(registry: ArchiveRegistry): void {
  registry.register({
    key: 'basic',
    category: 'REGISTRATION',
    title: '基本信息',
    columns: [
      { key: 'label', title: '项目' },
      { key: 'value', title: '内容' },
    ],
    async load(_q, subject) {
      const s = presentPublic(subject);
      const rows = [
        { label: '名称', value: s.name },
        { label: subject.type === 'INDIVIDUAL' ? '身份证号码' : '统一社会信用代码', value: s.code },
        { label: '主体类型', value: `${s.typeName} / ${s.subTypeName}` },
        { label: '所属区域', value: s.regionName },
        { label: '登记状态', value: s.statusName },
        { label: '曾用名', value: s.formerNames.join('；') || null },
        {
          label: subject.type === 'GOVERNMENT' || subject.type === 'INSTITUTION' ? '负责人' : '法定代表人',
          value: s.legalRepresentative,
        },
        { label: '成立日期', value: s.establishedOn },
        { label: '登记机关', value: s.registrationAuthority },
        { label: '行业', value: s.industry },
        { label: '注册资本（万元）', value: s.registeredCapital },
        { label: '住所', value: s.address },
      ].filter((r) => r.value != null && r.value !== '');
      return { rows, total: rows.length };
    },
  });

  registry.register({
    key: 'relations',
    category: 'REGISTRATION',
    title: '关联主体（法定代表人、主要负责人、股东、董事）',
    columns: [
      { key: 'roleName', title: '角色' },
      { key: 'name', title: '名称' },
      { key: 'since', title: '起始日期' },
      { key: 'until', title: '截止日期' },
    ],
    async load(q, subject) {
      // Names and roles are public registration data; identity numbers of people are not.
      const rows = (await relationsOf(q, subject)).map((r) => ({
        role: r.role,
        roleName: RELATION_ROLES[r.role as keyof typeof RELATION_ROLES] ?? r.role,
        subjectId: r.other_public_id,
        name: r.other_name,
        since: r.since,
        until: r.until,
      }));
      return { rows, total: rows.length };
    },
  });
}
