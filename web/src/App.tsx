import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PageSpin } from './components/PageSpin';

// Code-split by area: the public portal never downloads the console (or ECharts).
const PortalApp = lazy(() => import('./portal/PortalApp'));
const ConsoleApp = lazy(() => import('./console/ConsoleApp'));

export function App() {
  return (
    <Suspense fallback={<PageSpin />}>
      <Routes>
        <Route path="/console/*" element={<ConsoleApp />} />
        <Route path="/*" element={<PortalApp />} />
      </Routes>
    </Suspense>
  );
}
