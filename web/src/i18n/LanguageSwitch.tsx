import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from './I18nProvider';

/** Toggles zh-CN / en-US; the choice is kept in localStorage. */
export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="text"
      size="small"
      icon={<TranslationOutlined />}
      data-testid="lang-switch"
      style={light ? { color: '#fff' } : undefined}
      onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
    >
      {t('lang.switch')}
    </Button>
  );
}
