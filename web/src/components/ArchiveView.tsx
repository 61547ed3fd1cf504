import { Anchor, Card, Col, Grid, Row, Typography } from 'antd';
import type { Archive } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import { ArchiveSectionView } from './ArchiveSectionView';
import { formatDateTime } from './format';

/** The credit archive categories in catalogue order, with a side (desktop) or top (phone) contents anchor. */
export function ArchiveView({ archive, offsetTop = 16 }: { archive: Archive; offsetTop?: number }) {
  const { t, localName } = useI18n();
  const screens = Grid.useBreakpoint();
  const categories = [...archive.categories].sort((a, b) => a.order - b.order);
  const wide = !!screens.lg;
  const anchor = (
    <Anchor
      offsetTop={offsetTop}
      affix={wide}
      direction={wide ? 'vertical' : 'horizontal'}
      targetOffset={offsetTop + (wide ? 8 : 56)}
      items={categories.map((category) => ({
        key: category.code,
        href: `#cat-${category.code}`,
        title: localName(category),
      }))}
    />
  );
  const content = (
    <>
      {categories.map((category) => (
        <Card
          key={category.code}
          id={`cat-${category.code}`}
          title={`${category.order}. ${localName(category)}`}
          className="xy-archive-category"
          data-testid="archive-category"
          data-code={category.code}
          style={{ marginBottom: 16 }}
        >
          {category.sections.length === 0 ? (
            <Typography.Text type="secondary" data-testid="category-empty">
              {t('common.empty')}
            </Typography.Text>
          ) : (
            category.sections.map((section) => <ArchiveSectionView key={section.key} section={section} />)
          )}
        </Card>
      ))}
      <Typography.Text type="secondary">
        {t('archive.generatedAt', { t: formatDateTime(archive.generatedAt) })}
      </Typography.Text>
    </>
  );
  if (!wide) {
    return (
      <div data-testid="archive">
        <div className="xy-archive-topnav">{anchor}</div>
        {content}
      </div>
    );
  }
  return (
    <Row gutter={16} data-testid="archive">
      <Col flex="220px">
        <Typography.Text strong>{t('archive.nav')}</Typography.Text>
        {anchor}
      </Col>
      <Col flex="1" style={{ minWidth: 0 }}>
        {content}
      </Col>
    </Row>
  );
}
