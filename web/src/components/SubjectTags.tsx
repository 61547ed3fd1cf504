import { Tag } from 'antd';
import type { SubjectStatus, SubjectSummary } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';

const TYPE_COLORS: Record<string, string> = {
  GOVERNMENT: 'geekblue',
  ENTERPRISE: 'blue',
  INDIVIDUAL: 'purple',
  INSTITUTION: 'cyan',
  SOCIAL_ORG: 'gold',
};

const STATUS_COLORS: Record<SubjectStatus, string> = {
  ACTIVE: 'success',
  REVOKED: 'error',
  CANCELLED: 'default',
  DISSOLVED: 'default',
};

/** The localized name of a status code (the API's Chinese `statusName` for unknown codes). */
export function useStatusName() {
  const { lang, t } = useI18n();
  return (status: string, statusName: string) =>
    lang === 'zh-CN' || !(status in STATUS_COLORS) ? statusName : t(`status.${status}` as MessageKey);
}

/** Subject type and status tags. */
export function SubjectTags({
  subject,
}: {
  subject: Pick<SubjectSummary, 'type' | 'typeName' | 'typeNameEn' | 'status' | 'statusName'>;
}) {
  const { localName } = useI18n();
  const statusName = useStatusName();
  return (
    <>
      <Tag color={TYPE_COLORS[subject.type]} data-testid="subject-type-tag">
        {localName({ name: subject.typeName, nameEn: subject.typeNameEn })}
      </Tag>
      <Tag color={STATUS_COLORS[subject.status] ?? 'warning'} data-testid="subject-status-tag">
        {statusName(subject.status, subject.statusName)}
      </Tag>
    </>
  );
}
