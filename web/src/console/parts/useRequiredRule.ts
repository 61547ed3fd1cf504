import { useI18n } from '../../i18n/I18nProvider';

/** The `required` rule of a form field, with the message 请输入{label}. */
export function useRequiredRule() {
  const { t } = useI18n();
  return (label: string) => ({ required: true, message: t('login.required', { field: label }) });
}
