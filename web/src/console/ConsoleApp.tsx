import { App as AntApp, Result } from 'antd';
import { type ComponentType, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PageSpin } from '../components/PageSpin';
import { useI18n } from '../i18n/I18nProvider';
import { AuthProvider, RequireAuth, useAuth } from './auth';
import './console.css';
import { ConsoleLayout } from './ConsoleLayout';
import LoginPage from './LoginPage';
import { CONSOLE_PAGES } from './menu';

function Guarded({ permission, component: Page }: { permission?: string; component: ComponentType }) {
  const { can } = useAuth();
  const { t } = useI18n();
  if (!can(permission))
    return <Result status="403" title="403" subTitle={t('common.forbidden')} data-testid="forbidden" />;
  return (
    <Suspense fallback={<PageSpin />}>
      <Page />
    </Suspense>
  );
}

/** The admin console at /console: login, then pages by permission. */
export default function ConsoleApp() {
  const { t } = useI18n();
  return (
    // antd's App gives the console message/modal hooks (the portal does without, to stay small).
    <AntApp>
      <AuthProvider>
        <Routes>
          <Route path="login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <ConsoleLayout />
              </RequireAuth>
            }
          >
            {CONSOLE_PAGES.flatMap((page) =>
              [{ path: page.path, component: page.component }, ...(page.children ?? [])].map((route) => (
                <Route
                  key={route.path}
                  index={route.path === ''}
                  path={route.path || undefined}
                  element={<Guarded permission={page.permission} component={route.component} />}
                />
              )),
            )}
            <Route path="*" element={<Result status="404" title="404" subTitle={t('common.notFound')} />} />
          </Route>
        </Routes>
      </AuthProvider>
    </AntApp>
  );
}
