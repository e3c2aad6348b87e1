import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { useI18n } from "../i18n/i18n-context";

interface PullBacklog {
  readonly pending: number;
  readonly last_read_at: string | null;
}

/** A pull endpoint's panel: how it is read, its backlog and when it was last read. */
export function PullBacklogPanel(props: { readonly endpointId: string }) {
  const { api, dataVersion } = useApp();
  const { t, tn, format } = useI18n();
  const loaded = useLoad(
    () => api.get<PullBacklog>(`/v1/endpoints/${props.endpointId}/backlog`),
    [props.endpointId, dataVersion],
  );
  const backlog = loaded.state.kind === "loaded" ? loaded.state.data : null;
  return (
    <section class="panel" aria-labelledby="pull-title" data-testid="pull-backlog">
      <h2 id="pull-title">{t("pull.title")}</h2>
      <p class="help">{t("pull.help")}</p>
      {backlog === null ? null : (
        <>
          <p>{tn("pull.backlog", backlog.pending)}</p>
          <p>
            {backlog.last_read_at === null
              ? t("pull.never_read")
              : t("pull.last_read", { date: format.dateTime(backlog.last_read_at) })}
          </p>
        </>
      )}
    </section>
  );
}
