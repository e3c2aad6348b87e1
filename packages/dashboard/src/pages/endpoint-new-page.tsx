import { useState } from "preact/hooks";
import { endpointLabel } from "../api/endpoint-label.js";
import type { Endpoint, Problem } from "../api/types";
import { useApp } from "../app-context";
import { Breadcrumb } from "../components/breadcrumb";
import { EndpointForm, type EndpointFormValues } from "../components/endpoint-form";
import { PageHeading } from "../components/page-heading";
import { SecretValue } from "../components/secret-panel";
import { endpointCreateBody } from "../explain/endpoint-create-body";
import { useI18n } from "../i18n/i18n-context";
import { Link, navigate } from "../routing/router";
import { href } from "../routing/routes";

/**
 * Adding an endpoint, signed unless the user says otherwise ("generate a secret" is preselected); a
 * generated secret is shown once, right after, with a copy button.
 */
const EMPTY: EndpointFormValues = {
  url: "",
  description: "",
  eventTypes: [],
  enabled: true,
  secretChoice: "generate",
  ownSecret: "",
  signatureScheme: "hmac",
  ordering: null,
};

export function EndpointNewPage() {
  const { api, dataChanged } = useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<Endpoint | null>(null);

  const create = async (values: EndpointFormValues) => {
    setBusy(true);
    setProblem(null);
    const result = await api.post<Endpoint>("/v1/endpoints", endpointCreateBody(values));
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    dataChanged();
    if (result.data.secret === undefined) navigate(href(`/endpoints/${result.data.id}`), { replace: true });
    else setCreated(result.data);
  };

  if (created !== null && created.secret !== undefined) {
    return (
      <div class="page narrow">
        <PageHeading focusKey="created">{t("endpoint.created_title")}</PageHeading>
        <p class="message message-success" role="status">
          {t("endpoint.created", { url: endpointLabel(created) })}
        </p>
        <p>{t("endpoint.secret_once")}</p>
        <SecretValue value={created.secret} label={t("secret.current")} />
        <p class="actions">
          <Link class="button button-primary" href={href(`/endpoints/${created.id}`)}>
            {t("endpoint.continue_to_test")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div class="page narrow">
      <Breadcrumb href={href("/")} label={t("nav.endpoints")} />
      <PageHeading>{t("endpoint.new_title")}</PageHeading>
      <EndpointForm
        mode="create"
        initial={EMPTY}
        submitLabel={t("endpoint.create")}
        busy={busy}
        problem={problem}
        onSubmit={(v) => void create(v)}
      />
    </div>
  );
}
