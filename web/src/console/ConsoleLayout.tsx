import { GlobalOutlined, LogoutOutlined, SafetyCertificateFilled } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useRegions } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { type MessageKey, zhCN } from '../i18n/messages';
import { useAuth } from './auth';
import { CONSOLE_PAGES } from './menu';

const menuKey = (path: string) => `/console${path ? `/${path}` : ''}`;

/** Sider menu (filtered by permission) + header with the current user, language and logout. */
export function ConsoleLayout() {
  const { t, lang, localName } = useI18n();
  const { user, can, logout } = useAuth();
  const region = useRegions().find((item) => item.code === user?.regionCode);
  const roleKey = `role.${user?.role}`;
  const roleName = lang === 'en-US' && roleKey in zhCN ? t(roleKey as MessageKey) : user?.roleName;
  const location = useLocation();
  const navigate = useNavigate();
  const pages = CONSOLE_PAGES.filter((page) => can(page.permission));
  const selected =
    pages
      .map((page) => menuKey(page.path))
      .filter((key) => location.pathname === key || location.pathname.startsWith(`${key}/`))
      .sort((a, b) => b.length - a.length)[0] ?? '/console';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="dark" data-testid="console-sider">
        <Link to="/console" className="xy-console-brand">
          <SafetyCertificateFilled /> {t('app.name')}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          data-testid="console-menu"
          items={pages.map((page) => ({
            key: menuKey(page.path),
            icon: page.icon,
            label: (
              <Link to={menuKey(page.path)} data-testid={`menu-${page.path || 'dashboard'}`}>
                {t(page.label)}
              </Link>
            ),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="xy-console-header">
          <Typography.Text strong className="xy-console-title">
            {t('console.title')}
          </Typography.Text>
          <Space size="middle" wrap className="xy-console-user">
            <span data-testid="current-user">{user?.displayName}</span>
            <Tag color="red" data-testid="current-role">
              {roleName}
            </Tag>
            <span data-testid="current-region">
              <GlobalOutlined /> {localName(region, user?.regionName)}
            </span>
            <LanguageSwitch />
            <a href="/">{t('console.portal')}</a>
            <Button
              size="small"
              icon={<LogoutOutlined />}
              data-testid="logout"
              onClick={async () => {
                await logout();
                navigate('/console/login');
              }}
            >
              {t('console.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="xy-console-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
