import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PageSpin } from '../components/PageSpin';
import './portal.css';
import { HomePage } from './HomePage';
import { NotFoundPage } from './NotFoundPage';
import { PortalLayout } from './PortalLayout';

const SearchPage = lazy(() => import('./SearchPage'));
const SubjectPage = lazy(() => import('./SubjectPage'));
const PublicityPage = lazy(() => import('./PublicityPage'));
const RecordPage = lazy(() => import('./RecordPage'));
const VerifyPage = lazy(() => import('./VerifyPage'));
const ListsPage = lazy(() => import('./ListsPage'));
const ListEntryPage = lazy(() => import('./ListEntryPage'));

/**
 * The public portal (信用吉林): home, search results, the public credit archive of a subject, 双公示,
 * the public lists (信用名单) and the verification of credit reports.
 */
export default function PortalApp() {
  return (
    <PortalLayout>
      <Suspense fallback={<PageSpin />}>
        <Routes>
          <Route index element={<HomePage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="subjects/:id" element={<SubjectPage />} />
          <Route path="publicity" element={<PublicityPage />} />
          <Route path="records/:id" element={<RecordPage />} />
          <Route path="lists" element={<Navigate to="/lists/RED" replace />} />
          <Route path="lists/entries/:entryId" element={<ListEntryPage />} />
          <Route path="lists/:listType" element={<ListsPage />} />
          <Route path="verify" element={<VerifyPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </PortalLayout>
  );
}
