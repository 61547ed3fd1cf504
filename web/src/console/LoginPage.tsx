import { LockOutlined, SafetyCertificateFilled, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useAuth } from './auth';
import { useRequiredRule } from './parts/useRequiredRule';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useI18n();
  const { user, login } = useAuth();
  const required = useRequiredRule();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  useDocumentTitle(t('login.title'));
  const from = (location.state as { from?: { pathname: string; search: string } } | null)?.from;
  if (user) return <Navigate to={from ? `${from.pathname}${from.search}` : '/console'} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
      setSubmitting(false);
      return;
    }
    navigate(from ? `${from.pathname}${from.search}` : '/console', { replace: true });
  };

  return (
    <div className="xy-login">
      <div className="xy-login-lang">
        <LanguageSwitch />
      </div>
      <Card className="xy-login-card">
        <Typography.Title level={3} className="xy-login-title">
          <SafetyCertificateFilled style={{ color: '#c8102e' }} /> {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.title')}
        </Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon title={error} data-testid="login-error" style={{ marginBottom: 16 }} />
        )}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[required(t('login.username'))]}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[required(t('login.password'))]}>
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
