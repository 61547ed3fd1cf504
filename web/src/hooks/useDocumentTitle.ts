import { useEffect } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** Sets `<title>` to "page · 信用吉林". */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useI18n();
  const site = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${site}` : site;
  }, [title, site]);
}
