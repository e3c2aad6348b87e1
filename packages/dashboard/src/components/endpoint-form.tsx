import { useState } from "preact/hooks";
import type { Problem } from "../api/types";
import { useApp } from "../app-context";
import { checkEndpointUrl } from "../explain/url-check";
import { useI18n } from "../i18n/i18n-context";
import { EventTypePicker } from "./event-type-picker";
import { ProblemMessage } from "./problem-message";

/**
 * The endpoint's fields: URL (checked as you type), description, events; on creation, how to sign
 * (generate a secret, give one, or none). The page decides what submitting does.
 */
export type SecretChoice = "generate" | "own" | "none";

export interface EndpointFormValues {
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly secretChoice: SecretChoice;
  readonly ownSecret: string;
}

export const MIN_SECRET_LENGTH = 8;

export function EndpointForm(props: {
  readonly mode: "create" | "edit";
  readonly initial: EndpointFormValues;
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly problem: Problem | null;
  readonly onSubmit: (values: EndpointFormValues) => void;
}) {
  const { session } = useApp();
  const { t } = useI18n();
  const [values, setValues] = useState<EndpointFormValues>(props.initial);
  const [touched, setTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const set = (patch: Partial<EndpointFormValues>) => setValues((current) => ({ ...current, ...patch }));

  const urlCheck = checkEndpointUrl(values.url, session.development_mode);
  const urlError =
    urlCheck.kind === "invalid"
      ? t(urlCheck.reason)
      : urlCheck.kind === "empty" && submitted
        ? t("url.required")
        : undefined;
  const eventsError = submitted && values.eventTypes.length === 0 ? t("endpoint.events_required") : undefined;
  const secretError =
    submitted && values.secretChoice === "own" && values.ownSecret.length < MIN_SECRET_LENGTH
      ? t("endpoint.secret_too_short", { min: MIN_SECRET_LENGTH })
      : undefined;
  const fieldErrors = new Map((props.problem?.errors ?? []).map((e) => [e.field.split("[")[0], e.message]));

  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    setTouched(true);
    const ownOk = values.secretChoice !== "own" || values.ownSecret.length >= MIN_SECRET_LENGTH;
    if (urlCheck.kind !== "ok" || values.eventTypes.length === 0 || !ownOk) {
      const firstInvalid = document.querySelector<HTMLElement>(".endpoint-form [aria-invalid='true']");
      firstInvalid?.focus();
      return;
    }
    props.onSubmit({ ...values, url: values.url.trim() });
  };

  const showUrlState = touched || values.url !== "";
  return (
    <form class="endpoint-form stack" noValidate onSubmit={submit}>
      <div class="field">
        <label for="endpoint-url">{t("endpoint.url")}</label>
        <input
          id="endpoint-url"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder="https://"
          required
          value={values.url}
          aria-invalid={urlError !== undefined}
          aria-describedby="endpoint-url-check"
          onInput={(e) => set({ url: (e.currentTarget as HTMLInputElement).value })}
          onBlur={() => setTouched(true)}
        />
        <p id="endpoint-url-check" class={urlError === undefined ? "help" : "field-error"} aria-live="polite">
          {urlError !== undefined
            ? urlError
            : urlCheck.kind === "ok" && showUrlState
              ? `✓ ${t(urlCheck.note ?? "url.ok")}`
              : t("url.help")}
        </p>
        {fieldErrors.has("url") ? <p class="field-error">{fieldErrors.get("url")}</p> : null}
      </div>
      <div class="field">
        <label for="endpoint-description">{t("endpoint.description")}</label>
        <textarea
          id="endpoint-description"
          rows={2}
          maxLength={500}
          aria-describedby="endpoint-description-help"
          value={values.description}
          onInput={(e) => set({ description: (e.currentTarget as HTMLTextAreaElement).value })}
        />
        <span id="endpoint-description-help" class="help">
          {t("endpoint.description_help")}
        </span>
      </div>
      <EventTypePicker
        selected={values.eventTypes}
        onChange={(eventTypes) => set({ eventTypes })}
        error={eventsError ?? fieldErrors.get("event_types")}
      />
      {props.mode === "create" ? (
        <fieldset class="secret-choice">
          <legend>{t("endpoint.secret")}</legend>
          <p class="help">{t("endpoint.secret_help")}</p>
          {(["generate", "own", "none"] as const).map((choice) => (
            <label key={choice} class="check">
              <input
                type="radio"
                name="secret_choice"
                value={choice}
                checked={values.secretChoice === choice}
                onChange={() => set({ secretChoice: choice })}
              />
              <span>{t(`endpoint.secret_${choice}`)}</span>
            </label>
          ))}
          {values.secretChoice === "own" ? (
            <div class="field">
              <label for="endpoint-own-secret">{t("endpoint.own_secret")}</label>
              <input
                id="endpoint-own-secret"
                type="text"
                class="mono"
                autoComplete="off"
                spellcheck={false}
                minLength={MIN_SECRET_LENGTH}
                value={values.ownSecret}
                aria-invalid={secretError !== undefined}
                aria-describedby="endpoint-own-secret-error"
                onInput={(e) => set({ ownSecret: (e.currentTarget as HTMLInputElement).value })}
              />
              <span id="endpoint-own-secret-error" class="field-error">
                {secretError ?? ""}
              </span>
            </div>
          ) : null}
        </fieldset>
      ) : (
        <label class="check">
          <input
            type="checkbox"
            checked={values.enabled}
            onChange={(e) => set({ enabled: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>{t("endpoint.enabled")}</span>
        </label>
      )}
      {props.problem === null ? null : <ProblemMessage problem={props.problem} />}
      <div class="actions">
        <button type="submit" class="button-primary" disabled={props.busy}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
