import {
  AuditOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  NotificationOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { toQuery } from '../api/client';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useSubjectTypes } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { SearchBox } from './SearchBox';

const FEATURES: { key: MessageKey; icon: React.ReactNode }[] = [
  { key: 'portal.feature.archive', icon: <FileSearchOutlined /> },
  { key: 'portal.feature.publicity', icon: <NotificationOutlined /> },
  { key: 'portal.feature.lists', icon: <AuditOutlined /> },
  { key: 'portal.feature.report', icon: <FileProtectOutlined /> },
];

export function HomePage() {
  const { t, localName } = useI18n();
  const navigate = useNavigate();
  const types = useSubjectTypes();
  useDocumentTitle(undefined);
  return (
    <>
      <section className="xy-hero">
        <Typography.Title level={1} className="xy-hero-title" data-testid="home-title">
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph className="xy-hero-hint">{t('portal.search.hint')}</Typography.Paragraph>
        <SearchBox onSearch={(q) => navigate(`/search${toQuery({ q })}`)} />
        <Space wrap className="xy-hero-types" data-testid="quick-types">
          {types.map((type) => (
            <Button
              key={type.code}
              ghost
              size="small"
              data-testid={`quick-type-${type.code}`}
              onClick={() => navigate(`/search${toQuery({ type: type.code })}`)}
            >
              {localName(type)}
            </Button>
          ))}
        </Space>
      </section>
      <section className="xy-page">
        <Typography.Title level={3}>{t('portal.features.title')}</Typography.Title>
        <Row gutter={[16, 16]}>
          {FEATURES.map((feature) => (
            <Col key={feature.key} xs={24} sm={12} lg={6}>
              <Card className="xy-feature" data-testid="feature-card">
                <div className="xy-feature-head">
                  {feature.icon}
                  <Typography.Title level={4}>{t(feature.key)}</Typography.Title>
                </div>
                <Typography.Paragraph type="secondary">
                  {t(`${feature.key}.desc` as MessageKey)}
                </Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
        <Card data-testid="home-publicity" style={{ marginTop: 16 }}>
          <Row gutter={[16, 8]} align="middle">
            <Col flex="auto">
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('publicity.entry.title')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('publicity.entry.desc')}</Typography.Text>
            </Col>
            <Col>
              <Space size="large" wrap>
                <Link to="/publicity?item=ADMIN_LICENSE" data-testid="home-publicity-license">
                  {t('publicity.entry.license')} <RightOutlined />
                </Link>
                <Link to="/publicity?item=ADMIN_PENALTY" data-testid="home-publicity-penalty">
                  {t('publicity.entry.penalty')} <RightOutlined />
                </Link>
              </Space>
            </Col>
          </Row>
        </Card>
      </section>
    </>
  );
}
