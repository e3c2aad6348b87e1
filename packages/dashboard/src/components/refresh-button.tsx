import { useI18n } from "../i18n/i18n-context";

/** Reloads what a page shows, for figures and lists that change while it is open. */
export function RefreshButton(props: { readonly onRefresh: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" class="button-secondary" onClick={props.onRefresh}>
      {t("common.refresh")}
    </button>
  );
}
