import { useState } from "preact/hooks";
import type { Problem, SignedInSession } from "../api/types";
import { ExactInput } from "../components/exact-input";
import { Field } from "../components/field";
import { LanguageSwitch } from "../components/language-switch";
import { ProblemMessage } from "../components/problem-message";
import { useI18n } from "../i18n/i18n-context";
import { noteViewChange } from "../routing/router";
import { signIn } from "../session/session-api";

/**
 * Sign-in with an account API key. The key goes to the service once and is not kept by the page: the
 * service answers with an HttpOnly session cookie that scripts cannot read.
 */
export function SignInPage(props: {
  readonly developmentMode: boolean;
  readonly onSignedIn: (session: SignedInSession) => void;
}) {
  const { t } = useI18n();
  const [apiKey, setApiKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await signIn(apiKey);
    setBusy(false);
    if (result.ok) {
      setApiKey("");
      noteViewChange();
      props.onSignedIn(result.data);
    } else setProblem(result.problem);
  };

  return (
    <main id="main" class="sign-in">
      <div class="sign-in-card">
        <div class="sign-in-top">
          <p class="brand">
            <span class="brand-mark" aria-hidden="true">
              ◆
            </span>{" "}
            VoiceHire
          </p>
          <LanguageSwitch />
        </div>
        <h1>{t("signin.title")}</h1>
        <p>{t("signin.intro")}</p>
        <form onSubmit={(event) => void submit(event)} class="stack">
          <Field id="api-key" label={t("signin.api_key")} help={t("signin.api_key_help")}>
            <ExactInput
              id="api-key"
              name="api_key"
              type="password"
              required
              aria-describedby="api-key-help"
              value={apiKey}
              onValue={setApiKey}
            />
          </Field>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? t("signin.signing_in") : t("signin.submit")}
          </button>
        </form>
        {problem === null ? null : (
          <ProblemMessage
            problem={problem}
            context={problem.status === 401 ? t("signin.rejected") : undefined}
          />
        )}
        {props.developmentMode ? <p class="help">{t("signin.dev_hint")}</p> : null}
      </div>
    </main>
  );
}
