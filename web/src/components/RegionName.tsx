import { useRegions } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';

/** A region's name in the UI language (its code until the regions load). */
export function RegionName({ code }: { code: string }) {
  const { localName } = useI18n();
  return localName(
    useRegions().find((region) => region.code === code),
    code,
  );
}
