import { Button, Timeline, type TimelineProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Interview, ListEntry } from '../../api/lists-types';
import { formatDateTime } from '../../components/format';
import { useCodeLabel } from '../../components/ListParts';
import { useI18n } from '../../i18n/I18nProvider';
import '../lists.css';

/** 全生命周期: draft, notice, defence, decision, publication, interviews and removal, in order. */
export function Lifecycle({
  entry,
  onRecord,
}: {
  entry: ListEntry;
  onRecord?: (interview: Interview) => void;
}) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const step = (key: string, title: string, at: string | null, content?: ReactNode, color = 'blue') => ({
    key,
    color,
    content: (
      <div data-testid={`entry-step-${key}`}>
        <Typography.Text strong>{title}</Typography.Text>{' '}
        <Typography.Text type="secondary">{formatDateTime(at)}</Typography.Text>
        {content && <div className="xy-lists-step">{content}</div>}
      </div>
    ),
  });
  const { notice, defence, decision, removal } = entry;
  const items: NonNullable<TimelineProps['items']> = [
    step('created', t('lists.step.created', { by: entry.decidedBy.name }), entry.createdAt, null, 'gray'),
  ];
  if (notice)
    items.push(
      step(
        'notice',
        t('lists.step.notice'),
        notice.noticedAt,
        <>
          <div>{t('lists.defenceDeadline', { date: notice.defenceDeadline })}</div>
          {notice.text && <div className="xy-lists-quote">{notice.text}</div>}
        </>,
      ),
    );
  if (defence)
    items.push(
      step(
        'defence',
        t('lists.step.defence'),
        defence.submittedAt,
        <div className="xy-lists-quote">{defence.statement}</div>,
        'orange',
      ),
    );
  if (decision)
    items.push(
      step(
        'decision',
        t('lists.step.decision', { no: decision.decisionNo }),
        decision.decidedAt,
        <>
          <div>
            {t('lists.removalConditions')}: {decision.removalConditions || '—'}
          </div>
          <div>
            {t('lists.remedies')}: {decision.remedies || '—'}
          </div>
        </>,
        'red',
      ),
    );
  if (entry.publishedAt)
    items.push(
      step(
        'published',
        t('lists.step.published'),
        entry.publishedAt,
        `${t('lists.validity')}: ${entry.validFrom} ~ ${entry.validTo}`,
        'green',
      ),
    );
  for (const interview of entry.interviews)
    items.push(
      step(
        `interview-${interview.id}`,
        `${t('lists.step.interview', { place: interview.place })} · ${label('lists.interview', interview.status)}`,
        interview.conductedAt ?? interview.scheduledAt,
        <>
          <div>{t('lists.interviewAt', { at: formatDateTime(interview.scheduledAt) })}</div>
          {interview.record && <div className="xy-lists-quote">{interview.record}</div>}
          {interview.status === 'SCHEDULED' && onRecord && (
            <Button size="small" onClick={() => onRecord(interview)} data-testid="entry-record">
              {t('lists.act.record')}
            </Button>
          )}
        </>,
        interview.status === 'MISSED' ? 'red' : 'blue',
      ),
    );
  if (removal)
    items.push(
      step(
        'removal',
        `${t('lists.step.removal')} · ${label('lists.removal', removal.kind)}`,
        removal.at,
        removal.reason,
        'gray',
      ),
    );
  return <Timeline items={items} data-testid="entry-lifecycle" />;
}
