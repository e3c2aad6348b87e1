import { useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n-context";

/** Copies `text` to the clipboard and says so (or says to copy by hand when the browser refuses). */
export function CopyButton(props: {
  readonly text: string;
  readonly label?: string;
  /** The button's name for screen readers when its label alone is ambiguous (several on one page). */
  readonly ariaLabel?: string;
}) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  };
  return (
    <span class="copy">
      <button type="button" class="button-secondary" aria-label={props.ariaLabel} onClick={() => void copy()}>
        {props.label ?? t("common.copy")}
      </button>
      <span role="status" class="copy-outcome">
        {outcome === "copied" ? t("common.copied") : outcome === "failed" ? t("common.copy_failed") : ""}
      </span>
    </span>
  );
}
