import { Card, Descriptions, type DescriptionsProps, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { SubjectPublic } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import { SubjectTags } from './SubjectTags';

/** The header card of a credit archive: name, code, type, status, region and registration facts. */
export function SubjectHeader({ subject, extra }: { subject: SubjectPublic; extra?: ReactNode }) {
  const { t } = useI18n();
  const optional: [string, ReactNode][] = [
    [t('subject.authority'), subject.registrationAuthority],
    [t('subject.industry'), subject.industry],
    [t('subject.capital'), subject.registeredCapital],
    [t('subject.address'), subject.address],
    [t('subject.formerNames'), subject.formerNames?.length ? subject.formerNames.join('、') : null],
  ];
  const items: DescriptionsProps['items'] = [
    {
      key: 'code',
      label: subject.type === 'INDIVIDUAL' ? t('subject.idMasked') : t('subject.code'),
      children: <span data-testid="subject-code">{subject.code}</span>,
    },
    { key: 'region', label: t('subject.region'), children: subject.regionName },
    ...(subject.type === 'INDIVIDUAL'
      ? []
      : [
          {
            key: 'legalRep',
            // Agencies and public institutions have a principal (负责人), not a legal representative.
            label: ['GOVERNMENT', 'INSTITUTION'].includes(subject.type)
              ? t('subject.principal')
              : t('subject.legalRep'),
            children: subject.legalRepresentative ?? '—',
          },
          { key: 'established', label: t('subject.established'), children: subject.establishedOn ?? '—' },
        ]),
    ...optional
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([label, children]) => ({ key: label, label, children })),
  ];
  return (
    <Card data-testid="subject-header">
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="subject-title">
          {subject.name}
        </Typography.Title>
        <SubjectTags subject={subject} />
        {extra}
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
    </Card>
  );
}
