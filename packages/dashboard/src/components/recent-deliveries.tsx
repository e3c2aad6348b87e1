import { useEffect, useState } from "preact/hooks";
import type { Delivery, Page } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";
import { StatusBadge, TestBadge } from "./badges";
import { ClickableRow } from "./clickable-row";
import { DeliveryResult } from "./delivery-result";

/**
 * An endpoint's latest deliveries with their outcome, each opening its detail (as Stripe and Svix show
 * them on an endpoint). Refreshed every few seconds, so a test or a retry shows up without a reload.
 */
export const RECENT_DELIVERIES = 10;
const REFRESH_MS = 5000;

export function RecentDeliveries(props: { readonly endpointId: string }) {
  const { api, dataVersion } = useApp();
  const { t, format } = useI18n();
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
        <table class="responsive-table recent-table">
          <caption class="visually-hidden">{t("deliveries.recent_caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("deliveries.col_date")}</th>
              <th scope="col">{t("deliveries.col_event")}</th>
              <th scope="col">{t("deliveries.col_status")}</th>
              <th scope="col">{t("deliveries.col_result")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("deliveries.col_details")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <ClickableRow key={delivery.id} href={href(`/deliveries/${delivery.id}`)}>
                <td data-label={t("deliveries.col_date")}>
                  <time dateTime={delivery.created_at} title={format.dateTime(delivery.created_at)}>
                    {format.relative(delivery.created_at)}
                  </time>
                </td>
                <td data-label={t("deliveries.col_event")}>
                  <code class="nowrap">{delivery.event_type}</code>{" "}
                  {delivery.test === true ? <TestBadge /> : null}
                </td>
                <td data-label={t("deliveries.col_status")}>
                  <StatusBadge status={delivery.status} />
                </td>
                <td data-label={t("deliveries.col_result")}>
                  <DeliveryResult delivery={delivery} />
                </td>
                <td>
                  <Link
                    href={href(`/deliveries/${delivery.id}`)}
                    aria-label={t("deliveries.open_label", { id: delivery.id })}
                  >
                    {t("deliveries.open")}
                  </Link>
                </td>
              </ClickableRow>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
