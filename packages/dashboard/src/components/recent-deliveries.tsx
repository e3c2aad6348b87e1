import { useEffect, useState } from "preact/hooks";
import type { Delivery, Page } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";
import { DeliveryTable } from "./delivery-table";
import type { Ordering } from "./ordering-field";

/**
 * An endpoint's latest deliveries with their outcome, each opening its detail (as Stripe and Svix show
 * them on an endpoint). Refreshed every few seconds, so a test or a retry shows up without a reload.
 */
export const RECENT_DELIVERIES = 10;
const REFRESH_MS = 5000;

export function RecentDeliveries(props: {
  readonly endpointId: string;
  /** The endpoint's `ordering`, for the "waiting for" line of its pending deliveries. */
  readonly ordering?: Ordering | null;
}) {
  const { api, dataVersion } = useApp();
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const page = useLoad(
    () =>
      api.get<Page<Delivery>>("/v1/deliveries", { endpoint_id: props.endpointId, limit: RECENT_DELIVERIES }),
    [props.endpointId, dataVersion, tick],
  );
  const deliveries = page.state.kind === "loaded" ? page.state.data.data : [];
  return (
    <section class="panel recent-deliveries" aria-labelledby="recent-title">
      <div class="panel-head">
        <h2 id="recent-title">{t("deliveries.recent_title")}</h2>
        <Link href={href("/deliveries", { endpoint_id: props.endpointId })}>
          {t("deliveries.recent_all")}
        </Link>
      </div>
      {page.state.kind === "failed" ? <p class="field-error">{page.state.problem.detail}</p> : null}
      {page.state.kind === "loaded" && deliveries.length === 0 ? (
        <p class="muted">{t("deliveries.recent_empty")}</p>
      ) : null}
      {deliveries.length > 0 ? (
        <DeliveryTable
          deliveries={deliveries}
          class="recent-table"
          caption={t("deliveries.recent_caption")}
          dates="relative"
          orderings={new Map([[props.endpointId, props.ordering]])}
        />
      ) : null}
    </section>
  );
}
