import type { Problem } from "../api/types";
import { useI18n } from "../i18n/i18n-context";

/**
 * An API failure in words: "could not reach the service" for network errors, "not available yet" for a
 * route this service does not have, else the service's own detail and the fields it names.
 */
export function ProblemMessage(props: { readonly problem: Problem; readonly context?: string | undefined }) {
  const { t } = useI18n();
  const { problem } = props;
  const summary =
    problem.status === 0
      ? t("problem.network")
      : problem.status === 404 && problem.detail.startsWith("no route")
        ? t("problem.unavailable")
        : problem.status === 429
          ? t("problem.rate_limited")
          : problem.status >= 500
            ? t("problem.server")
            : t("problem.refused");
  return (
    <div class="message message-error" role="alert">
      <p>
        {props.context === undefined ? "" : `${props.context} `}
        {summary}
      </p>
      {problem.errors !== undefined && problem.errors.length > 0 ? (
        <ul>
          {problem.errors.map((error) => (
            <li key={error.field}>
              <code>{error.field}</code> {error.message}
            </li>
          ))}
        </ul>
      ) : problem.status > 0 && problem.detail !== "" ? (
        <p class="muted">{problem.detail}</p>
      ) : null}
    </div>
  );
}
