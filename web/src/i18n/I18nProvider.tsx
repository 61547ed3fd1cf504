import { ConfigProvider } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { enUS, type MessageKey, zhCN } from './messages';

export type Lang = 'zh-CN' | 'en-US';

const STORAGE_KEY = 'xy.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const antdLocales = { 'zh-CN': zhCNLocale, 'en-US': enUSLocale };

/** Noto Sans SC is bundled (@fontsource) so Chinese renders on machines without CJK system fonts. */
const FONT_FAMILY =
  "'Noto Sans SC', -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The UI string for `key`, with `{name}` placeholders filled from `vars`. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Picks the Chinese `name` or the English `nameEn` of reference data. */
  localName(item: { name: string; nameEn?: string | null } | undefined, fallback?: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    return {
      lang,
      setLang,
      t: (key, vars) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? '')),
      localName: (item, fallback = '') =>
        (lang === 'en-US' ? item?.nameEn || item?.name : item?.name) ?? fallback,
    };
  }, [lang, setLang]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={antdLocales[lang]}
        button={{ autoInsertSpace: false }}
        theme={{ token: { fontFamily: FONT_FAMILY, colorPrimary: '#c8102e', borderRadius: 6 } }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside <I18nProvider>');
  return context;
}
