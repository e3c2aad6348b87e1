import { useI18n } from "../i18n/i18n-context";

/** "Loading…", announced politely to screen readers while a request is on its way. */
export function LoadingStatus() {
  const { t } = useI18n();
  return (
    <p role="status" class="loading">
      {t("common.loading")}
    </p>
  );
}
