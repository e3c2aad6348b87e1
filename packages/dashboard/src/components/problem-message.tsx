import type { Problem } from "../api/types";
import { useI18n } from "../i18n/i18n-context";

/**
 * An API failure in words: "could not reach the service" for network errors, "not available yet" for a
 * route this service does not have, else the service's own detail and the fields it names.
 */
export function ProblemMessage(props: { readonly problem: Problem; readonly context?: string | undefined }) {
  const { t } = useI18n();
  const { problem } = props;
  const fieldErrors = problem.errors ?? [];
  // A service answer need not carry a detail (a proxy's page, an odd body): never print "undefined".
  const given = typeof problem.detail === "string" ? problem.detail.trim() : "";
  const detail = problem.status > 0 && fieldErrors.length === 0 ? given : "";
  // "refused:" announces what follows; with nothing to follow, the sentence must stand on its own.
  const explained = fieldErrors.length > 0 || detail !== "";
  const summary =
    problem.status === 0
      ? t("problem.network")
      : problem.status === 404 && problem.detail.startsWith("no route")
        ? t("problem.unavailable")
        : problem.status === 429
          ? t("problem.rate_limited")
          : problem.status >= 500
            ? t("problem.server")
            : explained
              ? t("problem.refused")
              : t("problem.refused_no_detail");
  return (
    <div class="message message-error" role="alert">
      <p>
        {props.context === undefined ? "" : `${props.context} `}
        {summary}
      </p>
      {fieldErrors.length > 0 ? (
        <ul>
          {fieldErrors.map((error) => (
            <li key={error.field}>
              <code>{error.field}</code> {error.message}
            </li>
          ))}
        </ul>
      ) : detail !== "" ? (
        <p class="muted">{detail}</p>
      ) : null}
    </div>
  );
}
