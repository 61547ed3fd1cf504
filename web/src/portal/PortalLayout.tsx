import { SafetyCertificateFilled } from '@ant-design/icons';
import { Layout } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageSwitch } from '../i18n/LanguageSwitch';

export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Layout className="xy-portal">
      <Layout.Header className="xy-portal-header">
        <Link to="/" className="xy-portal-brand" data-testid="site-title">
          <SafetyCertificateFilled />
          <span>{t('app.name')}</span>
        </Link>
        <span className="xy-portal-subtitle">{t('app.subtitle')}</span>
        {/* Narrower gaps on phones, and the nav scrolls rather than widening the page (long English labels). */}
        <nav
          className="xy-portal-nav"
          style={{ columnGap: 'clamp(6px, 2vw, 12px)', minWidth: 0, overflowX: 'auto' }}
        >
          <Link to="/search">{t('portal.nav.search')}</Link>
          <Link to="/publicity" data-testid="nav-publicity">
            {t('publicity.nav')}
          </Link>
          <Link to="/lists" data-testid="nav-lists">
            {t('lists.nav')}
          </Link>
          <Link to="/verify" data-testid="nav-verify">
            {t('verify.nav')}
          </Link>
          <LanguageSwitch light />
        </nav>
      </Layout.Header>
      <Layout.Content className="xy-portal-content">{children}</Layout.Content>
      <Layout.Footer className="xy-portal-footer" data-testid="site-footer">
        <div>{t('portal.footer.host')}</div>
        <div className="xy-portal-footer-links">
          <a href="/console" data-testid="footer-console">
            {t('portal.footer.console')}
          </a>
          <a href="/api/docs" data-testid="footer-api-docs">
            {t('portal.footer.apiDocs')}
          </a>
        </div>
        <div className="xy-portal-footer-note">{t('portal.footer.note')}</div>
      </Layout.Footer>
    </Layout>
  );
}
