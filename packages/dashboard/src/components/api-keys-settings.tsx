import { useState } from "preact/hooks";
import type { ApiKey, Problem } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { useI18n } from "../i18n/i18n-context";
import { ColumnHeads } from "./column-heads";
import { ConfirmDialog } from "./confirm-dialog";
import { ProblemMessage } from "./problem-message";
import { SecretValue } from "./secret-panel";

/** The account's API keys: create one (shown once), list them, revoke one. */
export function ApiKeysSettings() {
  const { api, session, signOut } = useApp();
  const { t, format } = useI18n();
  const keys = useLoad(() => api.get<{ data: ApiKey[] }>("/v1/api-keys"), []);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const result = await api.post<ApiKey>("/v1/api-keys", { name: name.trim() });
    if (!result.ok) return setProblem(result.problem);
    setCreated(result.data);
    setName("");
    keys.reload();
  };
  const revoke = async () => {
    const key = revoking;
    setRevoking(null);
    if (key === null) return;
    const result = await api.delete<null>(`/v1/api-keys/${key.id}`);
    if (!result.ok) return setProblem(result.problem);
    if (key.id === session.key.id) return signOut();
    keys.reload();
  };

  const list =
    keys.state.kind === "loaded"
      ? keys.state.data.data.filter((k) => k.revoked_at === undefined || k.revoked_at === null)
      : [];
  return (
    <section class="panel" aria-labelledby="keys-title">
      <h2 id="keys-title">{t("settings.keys_title")}</h2>
      <p class="help">{t("settings.keys_help")}</p>
      {keys.state.kind === "failed" ? <ProblemMessage problem={keys.state.problem} /> : null}
      {list.length > 0 ? (
        <table class="responsive-table">
          <caption class="visually-hidden">{t("settings.keys_title")}</caption>
          <ColumnHeads
            labels={[t("settings.key_name"), t("settings.key_prefix"), t("settings.key_created")]}
            unlabelled={t("settings.key_actions")}
          />
          <tbody>
            {list.map((key) => (
              <tr key={key.id}>
                <td data-label={t("settings.key_name")}>
                  {key.name === "" ? <span class="muted">—</span> : key.name}
                  {key.id === session.key.id ? (
                    <span class="badge badge-test">{t("settings.key_current")}</span>
                  ) : null}
                </td>
                <td data-label={t("settings.key_prefix")}>
                  <code>{key.prefix}…</code>
                </td>
                <td data-label={t("settings.key_created")}>{format.dateTime(key.created_at)}</td>
                <td>
                  <button
                    type="button"
                    class="button-danger"
                    aria-label={t("settings.revoke_label", { name: key.name || key.prefix })}
                    onClick={() => setRevoking(key)}
                  >
                    {t("settings.revoke")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form class="inline-form" onSubmit={(event) => void create(event)}>
        <label for="key-name">{t("settings.key_name")}</label>
        <input
          id="key-name"
          type="text"
          maxLength={200}
          value={name}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="button-primary">
          {t("settings.create_key")}
        </button>
      </form>
      {created?.key === undefined ? null : (
        <div role="status" class="created-key">
          <p class="message message-warning">{t("settings.key_once")}</p>
          <SecretValue value={created.key} label={t("settings.new_key")} />
        </div>
      )}
      {problem === null ? null : <ProblemMessage problem={problem} />}
      <ConfirmDialog
        open={revoking !== null}
        title={t("settings.revoke_title")}
        confirmLabel={t("settings.revoke")}
        danger
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
      >
        <p>
          {revoking !== null && revoking.id === session.key.id
            ? t("settings.revoke_current")
            : t("settings.revoke_text")}
        </p>
      </ConfirmDialog>
    </section>
  );
}
