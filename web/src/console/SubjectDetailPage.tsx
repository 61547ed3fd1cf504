import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Skeleton, Space } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { type Archive, PERMISSIONS } from '../api/types';
import { ArchiveView } from '../components/ArchiveView';
import { ErrorResult } from '../components/ErrorResult';
import { SubjectHeader } from '../components/SubjectHeader';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './auth';
import { EvaluationPanel } from './EvaluationPanel';
import { RestrictedPanel } from './RestrictedPanel';

/** Subject detail: the public archive plus the restricted and evaluation panels (when the role may see them). */
export default function SubjectDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { data, error } = useApi<Archive>(`/subjects/${encodeURIComponent(id)}/archive`);
  useDocumentTitle(data?.subject.name);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} data-testid="back">
      {t('console.menu.subjects')}
    </Button>
  );
  if (error) return <ErrorResult error={error} extra={back} />;
  if (!data) return <Skeleton active />;
  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <SubjectHeader subject={data.subject} extra={back} />
      {can(PERMISSIONS.restricted) ? (
        <RestrictedPanel subjectId={id} />
      ) : (
        <Alert type="warning" showIcon title={t('restricted.noPermission')} />
      )}
      {can(PERMISSIONS.evaluation) && <EvaluationPanel subjectId={id} compact />}
      <ArchiveView archive={data} offsetTop={8} />
    </Space>
  );
}
