import type { Endpoint } from "../api/types";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";
import { FAILING } from "./delivery-filters";

/**
 * The banner every page shows while an endpoint is failing or disabled: which one, since when, why,
 * and where to look. Nothing at all while every endpoint is healthy.
 */
export function HealthBanner(props: { readonly endpoints: readonly Endpoint[] }) {
  const { t, format } = useI18n();
  const troubled = props.endpoints.filter((e) => e.state === "failing" || e.state === "disabled");
  if (troubled.length === 0) return null;
  const anyFailing = troubled.some((e) => e.state === "failing");
  return (
    <div class="banner-wrap">
      <section
        class={`banner ${anyFailing ? "banner-failing" : "banner-disabled"}`}
        aria-labelledby="banner-title"
        data-testid="health-banner"
      >
        <h2 id="banner-title" class="banner-title">
          <span aria-hidden="true">⚠ </span>
          {t("banner.title")}
        </h2>
        <ul>
          {troubled.map((endpoint) => (
            <li key={endpoint.id}>
              <strong class="break">{endpoint.url}</strong>{" "}
              {endpoint.state === "failing"
                ? endpoint.failing_since
                  ? t("banner.failing_since", { since: format.dateTime(endpoint.failing_since) })
                  : t("banner.failing")
                : endpoint.disabled_reason === "failing_too_long"
                  ? t("banner.disabled_failing", {
                      date: endpoint.disabled_at ? format.dateTime(endpoint.disabled_at) : "—",
                    })
                  : t("banner.disabled_user")}{" "}
              <Link href={href("/deliveries", { endpoint_id: endpoint.id, status: FAILING })}>
                {t("banner.see_failures")}
              </Link>
              {" · "}
              <Link href={href(`/endpoints/${endpoint.id}`)}>{t("banner.open_endpoint")}</Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
