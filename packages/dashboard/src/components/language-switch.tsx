import { useI18n } from "../i18n/i18n-context";
import { LANGUAGES } from "../i18n/language";

/** FR / EN: a labelled group of two toggle buttons, the current one pressed. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <fieldset class="language-switch">
      <legend class="visually-hidden">{t("language.label")}</legend>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === language}
          title={t(`language.${code}`)}
          onClick={() => setLanguage(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </fieldset>
  );
}
