import { ApiKeysSettings } from "../components/api-keys-settings";
import { CreditsSettings } from "../components/credits-settings";
import { PageHeading } from "../components/page-heading";
import { useI18n } from "../i18n/i18n-context";

/** Account settings: the credits threshold and the API keys. */
export function SettingsPage() {
  const { t } = useI18n();
  return (
    <div class="page narrow">
      <PageHeading>{t("settings.title")}</PageHeading>
      <CreditsSettings />
      <ApiKeysSettings />
    </div>
  );
}
