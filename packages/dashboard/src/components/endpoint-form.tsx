import { useState } from "preact/hooks";
import type { Problem, SignatureScheme } from "../api/types";
import { useApp } from "../app-context";
import { checkEndpointUrl } from "../explain/url-check";
import { useI18n } from "../i18n/i18n-context";
import { EventTypePicker } from "./event-type-picker";
import { ExactInput } from "./exact-input";
import { Field } from "./field";
import { type Ordering, OrderingField } from "./ordering-field";
import { ProblemMessage } from "./problem-message";
import { RadioChoices } from "./radio-choices";
import { SignatureSchemeField } from "./signature-scheme-field";

/**
 * The endpoint's fields: URL (checked as you type), description, events; on creation, how to sign
 * (generate a secret, give one, or none); the webhook-signature scheme and the delivery order, for a
 * push endpoint only (a pull endpoint signs nothing, and is read in publish order anyway). The page decides what submitting does.
 */
export type SecretChoice = "generate" | "own" | "none";

export interface EndpointFormValues {
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly secretChoice: SecretChoice;
  readonly ownSecret: string;
  readonly signatureScheme: SignatureScheme;
  /** Null: no order between deliveries (the default). */
  readonly ordering: Ordering | null;
  /** Create only: a pull endpoint has no URL and no secret (absent: push). */
  readonly kind?: "push" | "pull";
}

export const MIN_SECRET_LENGTH = 8;

export function EndpointForm(props: {
  readonly mode: "create" | "edit";
  readonly initial: EndpointFormValues;
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly problem: Problem | null;
  readonly onSubmit: (values: EndpointFormValues) => void;
  /** A pull endpoint's settings: it has no URL to show or check. */
  readonly withoutUrl?: boolean;
}) {
  const { session } = useApp();
  const { t } = useI18n();
  const [values, setValues] = useState<EndpointFormValues>(props.initial);
  const [touched, setTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const set = (patch: Partial<EndpointFormValues>) => setValues((current) => ({ ...current, ...patch }));

  const urlCheck = checkEndpointUrl(values.url, session.development_mode);
  const noUrl = props.withoutUrl === true || values.kind === "pull";
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
    const urlOk = noUrl || urlCheck.kind === "ok";
    if (!urlOk || values.eventTypes.length === 0 || !ownOk) {
      const firstInvalid = document.querySelector<HTMLElement>(".endpoint-form [aria-invalid='true']");
      firstInvalid?.focus();
      return;
    }
    props.onSubmit({ ...values, url: values.url.trim() });
  };

  const showUrlState = touched || values.url !== "";
  const pull = values.kind === "pull";
  return (
    <form class="endpoint-form stack" noValidate onSubmit={submit}>
      {props.mode === "create" ? (
        <label class="check">
          <input type="checkbox" checked={pull} onChange={() => set({ kind: pull ? "push" : "pull" })} />
          <span>{t("pull.create_choice")}</span>
        </label>
      ) : null}
      {noUrl ? null : (
        <Field id="endpoint-url" label={t("endpoint.url")}>
          <ExactInput
            id="endpoint-url"
            type="url"
            inputMode="url"
            placeholder="https://"
            required
            value={values.url}
            aria-invalid={urlError !== undefined}
            aria-describedby="endpoint-url-check"
            onValue={(url) => set({ url })}
            onBlur={() => setTouched(true)}
          />
          <p
            id="endpoint-url-check"
            class={urlError === undefined ? "help" : "field-error"}
            aria-live="polite"
          >
            {urlError !== undefined
              ? urlError
              : urlCheck.kind === "ok" && showUrlState
                ? `✓ ${t(urlCheck.note ?? "url.ok")}`
                : t("url.help")}
          </p>
          {fieldErrors.has("url") ? <p class="field-error">{fieldErrors.get("url")}</p> : null}
        </Field>
      )}
      <Field
        id="endpoint-description"
        label={t("endpoint.description")}
        help={t("endpoint.description_help")}
      >
        <textarea
          id="endpoint-description"
          rows={2}
          maxLength={500}
          aria-describedby="endpoint-description-help"
          value={values.description}
          onInput={(e) => set({ description: (e.currentTarget as HTMLTextAreaElement).value })}
        />
      </Field>
      <EventTypePicker
        selected={values.eventTypes}
        onChange={(eventTypes) => set({ eventTypes })}
        error={eventsError ?? fieldErrors.get("event_types")}
      />
      {props.mode === "create" && pull ? null : props.mode === "create" ? (
        <fieldset class="secret-choice">
          <legend>{t("endpoint.secret")}</legend>
          <p class="help">{t("endpoint.secret_help")}</p>
          <RadioChoices
            name="secret_choice"
            choices={["generate", "own", "none"] as const}
            value={values.secretChoice}
            label={(choice) => t(`endpoint.secret_${choice}`)}
            onChange={(secretChoice) => set({ secretChoice })}
          />
          {values.secretChoice === "own" ? (
            <Field id="endpoint-own-secret" label={t("endpoint.own_secret")}>
              <ExactInput
                id="endpoint-own-secret"
                type="text"
                class="mono"
                minLength={MIN_SECRET_LENGTH}
                value={values.ownSecret}
                aria-invalid={secretError !== undefined}
                aria-describedby="endpoint-own-secret-error"
                onValue={(ownSecret) => set({ ownSecret })}
              />
              <span id="endpoint-own-secret-error" class="field-error">
                {secretError ?? ""}
              </span>
            </Field>
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
      {noUrl ? null : (
        <>
          <SignatureSchemeField
            value={values.signatureScheme}
            onChange={(signatureScheme) => set({ signatureScheme })}
          />
          <OrderingField value={values.ordering} onChange={(ordering) => set({ ordering })} />
        </>
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
