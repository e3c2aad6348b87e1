import { useState } from "preact/hooks";
import { endpointLabel } from "../api/endpoint-label.js";
import type { Endpoint, Problem } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { StateBadge } from "../components/badges";
import { Breadcrumb } from "../components/breadcrumb";
import { CircuitStatus } from "../components/circuit-status";
import { ConfirmDialog } from "../components/confirm-dialog";
import { EndpointForm, type EndpointFormValues } from "../components/endpoint-form";
import { LoadFailedPage } from "../components/load-failed-page";
import { LoadingStatus } from "../components/loading-status";
import { PageHeading } from "../components/page-heading";
import { PublicKeyPanel } from "../components/public-key-panel";
import { PullBacklogPanel } from "../components/pull-backlog-panel";
import { RecentDeliveries } from "../components/recent-deliveries";
import { RecoverPanel } from "../components/recover-panel";
import { SecretPanel } from "../components/secret-panel";
import { TestPanel } from "../components/test-panel";
import { useI18n } from "../i18n/i18n-context";
import { navigate } from "../routing/router";
import { href } from "../routing/routes";

/**
 * One endpoint: its state, its recent deliveries, "Tester", its secret (and public key when it signs
 * with ed25519), recovery of failures (a pull endpoint shows its unread backlog instead), its settings,
 * deletion.
 */
export function EndpointPage(props: { readonly id: string }) {
  const { api, dataVersion, dataChanged } = useApp();
  const { t, format } = useI18n();
  const loaded = useLoad(() => api.get<Endpoint>(`/v1/endpoints/${props.id}`), [props.id, dataVersion]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (loaded.state.kind === "loading") return <LoadingStatus />;
  if (loaded.state.kind === "failed")
    return <LoadFailedPage title={t("endpoint.title")} problem={loaded.state.problem} />;
  const endpoint = loaded.state.data;
  const scheme = endpoint.signature_scheme ?? "hmac";
  const ordering = endpoint.ordering ?? null;

  const save = async (values: EndpointFormValues) => {
    setBusy(true);
    setProblem(null);
    setSaved(false);
    const result = await api.patch<Endpoint>(`/v1/endpoints/${endpoint.id}`, {
      ...(endpoint.kind === "pull" ? {} : { url: values.url }),
      description: values.description,
      event_types: values.eventTypes,
      enabled: values.enabled,
      // Sent only on a switch: the same scheme again would keep the key anyway.
      ...(values.signatureScheme === scheme ? {} : { signature_scheme: values.signatureScheme }),
      // Sent only on a change, which applies to deliveries fanned out after it.
      ...(values.ordering === ordering ? {} : { ordering: values.ordering }),
    });
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setSaved(true);
    dataChanged();
  };
  const enable = async () => {
    const result = await api.patch<Endpoint>(`/v1/endpoints/${endpoint.id}`, { enabled: true });
    if (result.ok) dataChanged();
    else setProblem(result.problem);
  };
  const remove = async () => {
    setConfirmDelete(false);
    const result = await api.delete<null>(`/v1/endpoints/${endpoint.id}`);
    if (!result.ok) return setProblem(result.problem);
    dataChanged();
    navigate(href("/"), { replace: true });
  };

  return (
    <div class="page">
      <Breadcrumb href={href("/")} label={t("nav.endpoints")} />
      <div class="page-header">
        <PageHeading focusKey={props.id}>
          <span class="break">{endpoint.url ?? `${t("pull.kind")} · ${endpoint.id}`}</span>
        </PageHeading>
        <StateBadge state={endpoint.state} />
      </div>
      <CircuitStatus circuit={endpoint.circuit} />
      {endpoint.state === "disabled" ? (
        <div class="message message-warning">
          <p>
            {endpoint.disabled_reason === "failing_too_long"
              ? t("endpoint.disabled_failing", {
                  date: endpoint.disabled_at ? format.dateTime(endpoint.disabled_at) : "—",
                })
              : t("endpoint.disabled_user")}
          </p>
          <button type="button" class="button-primary" onClick={() => void enable()}>
            {t("endpoint.enable")}
          </button>
        </div>
      ) : null}
      {endpoint.kind === "pull" ? null : (
        <p class="endpoint-ordering help" data-testid="endpoint-ordering">
          {t("ordering.line", { choice: t(`ordering.summary_${ordering ?? "none"}`) })}
        </p>
      )}
      <RecentDeliveries endpointId={endpoint.id} ordering={ordering} />
      <div class="columns">
        <div class="column">
          {endpoint.kind === "pull" ? (
            <PullBacklogPanel endpointId={endpoint.id} />
          ) : (
            <>
              <TestPanel endpointId={endpoint.id} eventTypes={endpoint.event_types} />
              <SecretPanel endpointId={endpoint.id} hasSecret={endpoint.has_secret} onChanged={dataChanged} />
              {endpoint.public_key ? (
                <PublicKeyPanel
                  endpointId={endpoint.id}
                  publicKey={endpoint.public_key}
                  onChanged={dataChanged}
                />
              ) : null}
              <RecoverPanel endpoints={[endpoint]} endpointId={endpoint.id} />
            </>
          )}
        </div>
        <section class="panel column" aria-labelledby="settings-title">
          <h2 id="settings-title">{t("endpoint.settings")}</h2>
          <EndpointForm
            key={`${endpoint.id}-${endpoint.updated_at}`}
            mode="edit"
            withoutUrl={endpoint.kind === "pull"}
            initial={{
              url: endpoint.url ?? "",
              description: endpoint.description,
              eventTypes: endpoint.event_types,
              enabled: endpoint.enabled,
              secretChoice: "none",
              ownSecret: "",
              signatureScheme: scheme,
              ordering,
            }}
            submitLabel={t("common.save")}
            busy={busy}
            problem={problem}
            onSubmit={(values) => void save(values)}
          />
          <p role="status" class="saved">
            {saved ? t("common.saved") : ""}
          </p>
          <div class="danger-zone">
            <h3>{t("endpoint.delete_title")}</h3>
            <p class="help">{t("endpoint.delete_help")}</p>
            <button type="button" class="button-danger" onClick={() => setConfirmDelete(true)}>
              {t("endpoint.delete")}
            </button>
          </div>
        </section>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={t("endpoint.delete_confirm_title")}
        confirmLabel={t("endpoint.delete")}
        danger
        onConfirm={() => void remove()}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>{t("endpoint.delete_confirm_text", { url: endpointLabel(endpoint) })}</p>
      </ConfirmDialog>
    </div>
  );
}
