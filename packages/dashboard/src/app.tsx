import { useEffect, useState } from "preact/hooks";
import type { Problem, Session, SignedInSession } from "./api/types";
import { LanguageSwitch } from "./components/language-switch";
import { LoadingStatus } from "./components/loading-status";
import { ProblemMessage } from "./components/problem-message";
import { useI18n } from "./i18n/i18n-context";
import { SignInPage } from "./pages/sign-in-page";
import { loadSession } from "./session/session-api";
import { SignedInShell } from "./signed-in-shell";

/**
 * The page: asks the service whether this browser has a session, then shows sign-in or the dashboard.
 * Marks `vh-interactive` (a performance mark) once the first usable view is on screen.
 */
type SessionState =
  | { kind: "loading" }
  | { kind: "ready"; session: Session }
  | { kind: "failed"; problem: Problem };

function markInteractive(): void {
  if (document.documentElement.dataset.ready === "true") return;
  document.documentElement.dataset.ready = "true";
  performance.mark("vh-interactive");
}

export function App() {
  const { t } = useI18n();
  const [state, setState] = useState<SessionState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    void loadSession().then((result) =>
      setState(
        result.ok ? { kind: "ready", session: result.data } : { kind: "failed", problem: result.problem },
      ),
    );
  }, [attempt]);

  useEffect(() => {
    if (state.kind !== "loading") markInteractive();
  }, [state]);

  useEffect(() => {
    document.title = t("app.document_title");
  }, [t]);

  if (state.kind === "loading") {
    return (
      <main id="main" class="center-page">
        <LoadingStatus />
      </main>
    );
  }
  if (state.kind === "failed") {
    return (
      <main id="main" class="center-page">
        <LanguageSwitch />
        <ProblemMessage problem={state.problem} />
        <button type="button" class="button-primary" onClick={() => setAttempt((n) => n + 1)}>
          {t("common.retry")}
        </button>
      </main>
    );
  }
  const { session } = state;
  if (!session.signed_in) {
    return (
      <SignInPage
        developmentMode={session.development_mode}
        onSignedIn={(signedIn: SignedInSession) => setState({ kind: "ready", session: signedIn })}
      />
    );
  }
  return (
    <SignedInShell
      session={session}
      onSignedOut={() =>
        setState({ kind: "ready", session: { signed_in: false, development_mode: session.development_mode } })
      }
    />
  );
}
