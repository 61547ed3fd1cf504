import { Skeleton, Space } from 'antd';
import { useParams } from 'react-router-dom';
import type { Archive } from '../api/types';
import { ArchiveView } from '../components/ArchiveView';
import { ErrorResult } from '../components/ErrorResult';
import { SubjectHeader } from '../components/SubjectHeader';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

/** `/subjects/:id`: the public credit archive (信用档案) of one subject. */
export default function SubjectPage() {
  const { id = '' } = useParams();
  const { data, error, reload } = useApi<Archive>(`/subjects/${encodeURIComponent(id)}/archive`);
  useDocumentTitle(data?.subject.name);
  if (error)
    return <ErrorResult error={error} onRetry={error.status >= 500 || !error.status ? reload : undefined} />;
  if (!data) return <Skeleton active className="xy-page" />;
  return (
    <Space orientation="vertical" size={16} className="xy-page" style={{ display: 'flex' }}>
      <SubjectHeader subject={data.subject} />
      <ArchiveView archive={data} />
    </Space>
  );
}
