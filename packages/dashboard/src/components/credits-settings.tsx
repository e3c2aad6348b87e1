import { useState } from "preact/hooks";
import type { Account, Problem } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { useI18n } from "../i18n/i18n-context";
import { ExactInput } from "./exact-input";
import { ProblemMessage } from "./problem-message";

/** The credits threshold below which `credits.low` fires (10 by default). */
export function CreditsSettings() {
  const { api } = useApp();
  const { t } = useI18n();
  const account = useLoad(() => api.get<Account>("/v1/account"), []);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const current = account.state.kind === "loaded" ? String(account.state.data.credits_threshold) : "";
  const value = draft ?? current;

  const save = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    setProblem(null);
    const threshold = Number(value.replace(",", "."));
    if (value.trim() === "" || !Number.isFinite(threshold) || threshold < 0) {
      setProblem({
        status: 422,
        code: "validation_failed",
        detail: "",
        errors: [{ field: "credits_threshold", message: t("settings.threshold_invalid") }],
      });
      return;
    }
    const result = await api.patch<Account>("/v1/account", { credits_threshold: threshold });
    if (!result.ok) return setProblem(result.problem);
    setDraft(null);
    setSaved(true);
    account.reload();
  };

  return (
    <section class="panel" aria-labelledby="credits-title">
      <h2 id="credits-title">{t("settings.credits_title")}</h2>
      <p class="help" id="threshold-help">
        {t("settings.credits_help")}
      </p>
      {account.state.kind === "failed" ? <ProblemMessage problem={account.state.problem} /> : null}
      <form class="inline-form" onSubmit={(event) => void save(event)}>
        <label for="credits-threshold">{t("settings.threshold")}</label>
        <ExactInput
          id="credits-threshold"
          type="number"
          inputMode="decimal"
          min="0"
          step="any"
          aria-describedby="threshold-help"
          value={value}
          onValue={setDraft}
        />
        <button type="submit" class="button-primary" disabled={account.state.kind !== "loaded"}>
          {t("common.save")}
        </button>
      </form>
      <p role="status" class="saved">
        {saved ? t("common.saved") : ""}
      </p>
      {problem === null ? null : <ProblemMessage problem={problem} />}
    </section>
  );
}
