import { useState } from "preact/hooks";
import type { Problem, Rotation, SecretReveal } from "../api/types";
import { useApp } from "../app-context";
import { useI18n } from "../i18n/i18n-context";
import { ConfirmDialog } from "./confirm-dialog";
import { CopyButton } from "./copy-button";
import { ProblemMessage } from "./problem-message";

/**
 * The endpoint's signing secret: reveal and copy it, generate one, rotate it with a grace period
 * (both secrets sign during the grace period, so the receiver can switch without losing a webhook),
 * or replace it at once.
 */
const GRACE_CHOICES = [3600, 86_400, 3 * 86_400, 7 * 86_400] as const;

type Shown =
  | { kind: "hidden" }
  | { kind: "revealed"; reveal: SecretReveal }
  | { kind: "rotated"; rotation: Rotation }
  | { kind: "replaced"; secret: string };

export function SecretPanel(props: {
  readonly endpointId: string;
  readonly hasSecret: boolean;
  readonly onChanged: () => void;
}) {
  const { api } = useApp();
  const { t, tn, format } = useI18n();
  const [shown, setShown] = useState<Shown>({ kind: "hidden" });
  const [grace, setGrace] = useState<number>(86_400);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const base = `/v1/endpoints/${props.endpointId}/secret`;

  const run = async <T,>(
    call: () => Promise<{ ok: true; data: T } | { ok: false; problem: Problem }>,
    then: (data: T) => void,
  ) => {
    setBusy(true);
    setProblem(null);
    const result = await call();
    setBusy(false);
    if (result.ok) then(result.data);
    else setProblem(result.problem);
  };

  const reveal = () =>
    run(
      () => api.get<SecretReveal>(base),
      (reveal) => setShown({ kind: "revealed", reveal }),
    );
  const rotate = (event: Event) => {
    event.preventDefault();
    void run(
      () => api.post<Rotation>(`${base}/rotate`, { grace_period_seconds: grace }),
      (rotation) => {
        setShown({ kind: "rotated", rotation });
        props.onChanged();
      },
    );
  };
  const replace = () => {
    setConfirmReplace(false);
    void run(
      () => api.put<{ secret: string }>(base, { generate: true }),
      (answer) => {
        setShown({ kind: "replaced", secret: answer.secret });
        props.onChanged();
      },
    );
  };
  const graceLabel = (seconds: number) =>
    seconds < 86_400 ? tn("secret.grace_hours", seconds / 3600) : tn("secret.grace_days", seconds / 86_400);

  return (
    <section class="panel" aria-labelledby="secret-title">
      <h2 id="secret-title">{t("secret.title")}</h2>
      <p class="help">{t("secret.help")}</p>
      {!props.hasSecret && shown.kind === "hidden" ? (
        <div>
          <p class="message message-warning">{t("secret.none")}</p>
          <button type="button" class="button-primary" disabled={busy} onClick={replace}>
            {t("secret.generate")}
          </button>
        </div>
      ) : (
        <div class="secret-actions">
          {shown.kind === "hidden" ? (
            <button type="button" class="button-secondary" disabled={busy} onClick={() => void reveal()}>
              {t("secret.reveal")}
            </button>
          ) : (
            <button type="button" class="button-secondary" onClick={() => setShown({ kind: "hidden" })}>
              {t("secret.hide")}
            </button>
          )}
        </div>
      )}

      {shown.kind === "revealed" && shown.reveal.secret !== null ? (
        <SecretValue value={shown.reveal.secret} label={t("secret.current")} />
      ) : null}
      {shown.kind === "revealed" && shown.reveal.previous.length > 0 ? (
        <ul class="small">
          {shown.reveal.previous.map((previous) => (
            <li key={previous.expires_at}>
              {t("secret.previous_until", { date: format.dateTime(previous.expires_at) })}
            </li>
          ))}
        </ul>
      ) : null}
      {shown.kind === "rotated" ? (
        <div role="status">
          <SecretValue value={shown.rotation.secret} label={t("secret.new")} />
          <p class="message message-info">
            {shown.rotation.previous_expires_at === null
              ? t("secret.replaced")
              : t("secret.rotated", { date: format.dateTime(shown.rotation.previous_expires_at) })}
          </p>
        </div>
      ) : null}
      {shown.kind === "replaced" ? (
        <div role="status">
          <SecretValue value={shown.secret} label={t("secret.new")} />
          <p class="message message-info">{t("secret.replaced")}</p>
        </div>
      ) : null}

      {props.hasSecret ? (
        <form class="rotate-form" onSubmit={rotate}>
          <h3>{t("secret.rotate_title")}</h3>
          <p class="help" id="grace-help">
            {t("secret.rotate_help")}
          </p>
          <div class="inline-form">
            <label for="grace-period">{t("secret.grace_period")}</label>
            <select
              id="grace-period"
              aria-describedby="grace-help"
              value={String(grace)}
              onChange={(e) => setGrace(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {GRACE_CHOICES.map((seconds) => (
                <option key={seconds} value={String(seconds)}>
                  {graceLabel(seconds)}
                </option>
              ))}
            </select>
            <button type="submit" class="button-primary" disabled={busy}>
              {t("secret.rotate")}
            </button>
          </div>
          <p class="small">
            <button type="button" class="button-link" disabled={busy} onClick={() => setConfirmReplace(true)}>
              {t("secret.replace_now")}
            </button>
          </p>
        </form>
      ) : null}
      {problem === null ? null : <ProblemMessage problem={problem} />}
      <ConfirmDialog
        open={confirmReplace}
        title={t("secret.replace_confirm_title")}
        confirmLabel={t("secret.replace_now")}
        danger
        onConfirm={replace}
        onCancel={() => setConfirmReplace(false)}
      >
        <p>{t("secret.replace_confirm_text")}</p>
      </ConfirmDialog>
    </section>
  );
}

/** A secret in a read-only field (selectable by keyboard) with its copy button. */
export function SecretValue(props: { readonly value: string; readonly label: string }) {
  const id = `secret-${props.label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div class="secret-value">
      <label for={id}>{props.label}</label>
      <div class="inline-form">
        <input
          id={id}
          class="mono"
          type="text"
          readOnly
          value={props.value}
          onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
        />
        <CopyButton text={props.value} />
      </div>
    </div>
  );
}
