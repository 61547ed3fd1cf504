import { Card, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { SubjectSummary } from '../api/types';
import { SubjectTags } from '../components/SubjectTags';
import { useI18n } from '../i18n/I18nProvider';
import { HighlightText } from './HighlightText';

/** One search hit: name (linked to the archive), tags, code, region and legal representative. */
export function SubjectResult({ subject, term }: { subject: SubjectSummary; term: string }) {
  const { t } = useI18n();
  const facts: [string, string | null][] = [
    [subject.type === 'INDIVIDUAL' ? t('subject.idMasked') : t('subject.code'), subject.code],
    [t('subject.region'), subject.regionName],
    [t('subject.legalRep'), subject.type === 'INDIVIDUAL' ? null : subject.legalRepresentative],
    [t('subject.established'), subject.establishedOn],
  ];
  return (
    <Card size="small" className="xy-result" data-testid="result-item" data-subject-id={subject.id}>
      <div className="xy-result-head">
        <Link
          to={`/subjects/${encodeURIComponent(subject.id)}`}
          data-testid="result-name"
          className="xy-result-name"
        >
          <HighlightText text={subject.name} term={term} />
        </Link>
        <span>
          <SubjectTags subject={subject} />
        </span>
      </div>
      <dl className="xy-result-facts">
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                <Typography.Text copyable={label === t('subject.code')}>{value}</Typography.Text>
              </dd>
            </div>
          ))}
      </dl>
    </Card>
  );
}
