import { Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import type { EntryStatus, FeedbackAction, ListSubject, ListType, MeasureAction } from '../api/lists-types';
import { useI18n } from '../i18n/I18nProvider';
import { type MessageKey, zhCN } from '../i18n/messages';
import { formatDateTime } from './format';

const LIST_TYPE_COLORS: Record<ListType, string> = {
  RED: 'green',
  SERIOUS_DISHONESTY: 'red',
  KEY_ATTENTION: 'orange',
  ABNORMAL_OPERATION: 'gold',
  DISHONEST_DEBTOR: 'volcano',
};

const STATUS_COLORS: Record<EntryStatus, string> = {
  DRAFT: 'default',
  NOTICED: 'processing',
  DECIDED: 'blue',
  PUBLISHED: 'success',
  EXPIRED: 'default',
  REMOVED: 'purple',
  REVOKED: 'magenta',
  CANCELLED: 'default',
};

const ACTION_COLORS: Record<MeasureAction, string> = {
  BLOCK: 'red',
  REVIEW: 'orange',
  PROMPT: 'blue',
  FACILITATE: 'green',
};

const FEEDBACK_COLORS: Record<FeedbackAction, string> = {
  RESTRICTED: 'red',
  REFUSED: 'volcano',
  REVIEWED: 'orange',
  FACILITATED: 'green',
  NOT_APPLIED: 'default',
};

/** A UI string for a code sent by the server (`{prefix}.{code}`), or the code itself when there is none. */
export function useCodeLabel() {
  const { t } = useI18n();
  return useCallback(
    (prefix: string, code: string, fallback = code) => {
      const key = `${prefix}.${code}`;
      return key in zhCN ? t(key as MessageKey) : fallback;
    },
    [t],
  );
}

/** One coloured tag of a coded value of the lists API: its label from `lists.{kind}.{code}`. */
function CodeTag({
  kind,
  code,
  colors,
  testId,
}: {
  kind: string;
  code: string;
  colors: Record<string, string>;
  testId?: string;
}) {
  const label = useCodeLabel();
  return (
    <Tag color={colors[code]} data-testid={testId} data-code={code}>
      {label(`lists.${kind}`, code)}
    </Tag>
  );
}

export const ListTypeTag = ({ type, testId }: { type: ListType; testId?: string }) => (
  <CodeTag kind="type" code={type} colors={LIST_TYPE_COLORS} testId={testId} />
);

export const EntryStatusTag = ({ status, testId }: { status: EntryStatus; testId?: string }) => (
  <CodeTag kind="status" code={status} colors={STATUS_COLORS} testId={testId} />
);

export const MeasureActionTag = ({ action }: { action: MeasureAction }) => (
  <CodeTag kind="action" code={action} colors={ACTION_COLORS} />
);

export const FeedbackTag = ({ action }: { action: FeedbackAction }) => (
  <CodeTag kind="feedback" code={action} colors={FEEDBACK_COLORS} />
);

/** The name of a 事项 (matter) in the UI language, or its code. */
export function useMatterName() {
  const label = useCodeLabel();
  return (code: string) => label('lists.matter', code);
}

/** A listed subject: its name (linked to `to` when given) above its code (masked for individuals). */
export function SubjectCell({ subject, to, testId }: { subject: ListSubject; to?: string; testId?: string }) {
  return (
    <Space orientation="vertical" size={0} data-testid={testId}>
      {to ? <Link to={to}>{subject.name}</Link> : <span>{subject.name}</span>}
      <Typography.Text type="secondary">{subject.code}</Typography.Text>
    </Space>
  );
}

/** The table columns every check has: its number, time, the checking system and the matter. */
export function useCheckColumns() {
  const { t } = useI18n();
  const matterName = useMatterName();
  return [
    { title: t('sanctions.checkId'), dataIndex: 'checkId' },
    { title: t('sanctions.checkedAt'), dataIndex: 'checkedAt', render: formatDateTime },
    { title: t('sanctions.checkedBy'), dataIndex: 'checkedBy' },
    { title: t('sanctions.matter'), dataIndex: 'matter', render: matterName },
  ];
}
