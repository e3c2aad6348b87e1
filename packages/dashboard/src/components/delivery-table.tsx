import type { Delivery } from "../api/types";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";
import { StatusBadge, TestBadge } from "./badges";
import { ClickableRow } from "./clickable-row";
import { ColumnHeads } from "./column-heads";
import { DeliveryResult } from "./delivery-result";
import { Ellipsized } from "./ellipsized";
import type { Ordering } from "./ordering-field";
import { WaitingForLine } from "./waiting-for-line";

/**
 * Deliveries as rows that each open their detail: the endpoint's recent ones and the delivery log
 * show the same columns, so that a delivery reads the same wherever it is listed. The log adds the
 * endpoint column (it lists every endpoint) and full dates; an endpoint's short list says "2 min ago".
 */
export function DeliveryTable(props: {
  readonly deliveries: readonly Delivery[];
  readonly class: string;
  readonly caption: string;
  /** The endpoint column, as a URL per endpoint id; absent where every row is the same endpoint. */
  readonly endpointUrls?: ReadonlyMap<string, string>;
  readonly dates: "relative" | "absolute";
  /** Each endpoint's `ordering`, so a waiting row names the key's kind (candidate, campaign). */
  readonly orderings?: ReadonlyMap<string, Ordering | null | undefined>;
}) {
  const { t, format } = useI18n();
  const { endpointUrls } = props;
  return (
    <table class={`responsive-table ${props.class}`}>
      <caption class="visually-hidden">{props.caption}</caption>
      <ColumnHeads
        labels={[
          t("deliveries.col_date"),
          t("deliveries.col_event"),
          ...(endpointUrls === undefined ? [] : [t("deliveries.col_endpoint")]),
          t("deliveries.col_status"),
          t("deliveries.col_result"),
        ]}
        unlabelled={t("deliveries.col_details")}
      />
      <tbody>
        {props.deliveries.map((delivery) => (
          <ClickableRow key={delivery.id} href={href(`/deliveries/${delivery.id}`)}>
            <td data-label={t("deliveries.col_date")}>
              {props.dates === "relative" ? (
                <time dateTime={delivery.created_at} title={format.dateTime(delivery.created_at)}>
                  {format.relative(delivery.created_at)}
                </time>
              ) : (
                <time dateTime={delivery.created_at}>{format.dateTime(delivery.created_at)}</time>
              )}
            </td>
            <td data-label={t("deliveries.col_event")}>
              <code class="nowrap">{delivery.event_type}</code>{" "}
              {delivery.test === true ? <TestBadge /> : null}
            </td>
            {endpointUrls === undefined ? null : (
              <td data-label={t("deliveries.col_endpoint")}>
                <Ellipsized text={endpointUrls.get(delivery.endpoint_id) ?? delivery.endpoint_id} />
              </td>
            )}
            <td data-label={t("deliveries.col_status")}>
              <StatusBadge status={delivery.status} />
            </td>
            <td data-label={t("deliveries.col_result")}>
              <DeliveryResult delivery={delivery} />
              {delivery.waiting_for ? (
                <WaitingForLine
                  waitingFor={delivery.waiting_for}
                  ordering={props.orderings?.get(delivery.endpoint_id)}
                  class="waiting-for muted small"
                  linked={false}
                />
              ) : null}
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
  );
}
