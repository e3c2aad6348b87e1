import type { Endpoint } from "../api/types";
import { ATTENTION_FILTER, needsAttention } from "../explain/endpoint-attention";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";

/**
 * One line while endpoints need attention: how many, and a link to the endpoints page showing only
 * them (where each card says since when and why). Its height does not grow with the count, so a
 * phone still sees the page's content first. Nothing at all while every endpoint is healthy.
 */
export function HealthBanner(props: { readonly endpoints: readonly Endpoint[] }) {
  const { tn, t } = useI18n();
  const troubled = props.endpoints.filter(needsAttention);
  if (troubled.length === 0) return null;
  const anyFailing = troubled.some((e) => e.state === "failing");
  return (
    <div class="banner-wrap">
      <p
        class={`banner ${anyFailing ? "banner-failing" : "banner-disabled"}`}
        role="status"
        data-testid="health-banner"
      >
        <span aria-hidden="true">⚠ </span>
        <span class="banner-text">{tn("banner.count", troubled.length)}</span>{" "}
        <Link href={href("/", { [ATTENTION_FILTER.name]: ATTENTION_FILTER.value })}>{t("banner.see")}</Link>
      </p>
    </div>
  );
}
