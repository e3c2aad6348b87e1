import { useState } from "preact/hooks";
import { endpointLabel } from "../api/endpoint-label.js";
import type { Delivery, Endpoint, Page } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import {
  apiQueryOf,
  type DeliveryFilters,
  DeliveryFiltersForm,
  filtersFromSearch,
} from "../components/delivery-filters";
import { DeliveryTable } from "../components/delivery-table";
import { LoadingStatus } from "../components/loading-status";
import { PageHeading } from "../components/page-heading";
import { ProblemMessage } from "../components/problem-message";
import { RecoverPanel } from "../components/recover-panel";
import { RefreshButton } from "../components/refresh-button";
import { useI18n } from "../i18n/i18n-context";
import { navigate } from "../routing/router";
import { href } from "../routing/routes";

/**
 * The delivery log, newest first: filters, search by id, pages of 25, and the bulk recovery of
 * failed deliveries. Each row opens the delivery's detail.
 */
const PAGE_SIZE = 25;

export function DeliveriesPage(props: { readonly search: URLSearchParams }) {
  const { api, dataVersion } = useApp();
  const { t } = useI18n();
  const searchKey = props.search.toString();
  const filters = filtersFromSearch(props.search);
  const cursor = props.search.get("cursor") ?? undefined;
  const [previous, setPrevious] = useState<readonly (string | undefined)[]>([]);
  const [showRecover, setShowRecover] = useState(false);
  const endpoints = useLoad(() => api.get<{ data: Endpoint[] }>("/v1/endpoints"), [dataVersion]);
  const page = useLoad(
    () => api.get<Page<Delivery>>("/v1/deliveries", { ...apiQueryOf(filters), limit: PAGE_SIZE, cursor }),
    [searchKey, dataVersion],
  );
  const endpointList = endpoints.state.kind === "loaded" ? endpoints.state.data.data : [];
  const urlOf = new Map(endpointList.map((e) => [e.id, endpointLabel(e)]));
  const orderingOf = new Map(endpointList.map((e) => [e.id, e.ordering]));

  const go = (next: DeliveryFilters & { cursor?: string }) => navigate(href("/deliveries", { ...next }));
  const apply = (next: DeliveryFilters) => {
    setPrevious([]);
    go(next);
  };
  const nextPage = (nextCursor: string) => {
    setPrevious([...previous, cursor]);
    go({ ...filters, cursor: nextCursor });
  };
  const previousPage = () => {
    const before = previous.at(-1);
    setPrevious(previous.slice(0, -1));
    go(before === undefined ? filters : { ...filters, cursor: before });
  };

  return (
    <div class="page">
      <div class="page-header">
        <PageHeading>{t("deliveries.title")}</PageHeading>
        <div class="actions">
          <RefreshButton onRefresh={page.reload} />
          <button
            type="button"
            class="button-secondary"
            aria-expanded={showRecover}
            aria-controls="recover-section"
            onClick={() => setShowRecover(!showRecover)}
          >
            {t("deliveries.recover")}
          </button>
        </div>
      </div>
      {showRecover ? (
        <div id="recover-section">
          {endpointList.length > 0 ? (
            <RecoverPanel endpoints={endpointList} initialEndpointId={filters.endpoint_id} />
          ) : (
            <p>{t("endpoints.empty")}</p>
          )}
        </div>
      ) : null}
      <DeliveryFiltersForm key={searchKey} filters={filters} endpoints={endpointList} onApply={apply} />
      {page.state.kind === "loading" ? <LoadingStatus /> : null}
      {page.state.kind === "failed" ? <ProblemMessage problem={page.state.problem} /> : null}
      {page.state.kind === "loaded" ? (
        <>
          {page.state.data.data.length === 0 ? (
            <p class="empty" role="status">
              {t("deliveries.empty")}
            </p>
          ) : (
            <DeliveryTable
              deliveries={page.state.data.data}
              class="deliveries-table"
              caption={t("deliveries.table_caption")}
              endpointUrls={urlOf}
              orderings={orderingOf}
              dates="absolute"
            />
          )}
          <nav class="pagination" aria-label={t("deliveries.pagination")}>
            <button
              type="button"
              class="button-secondary"
              disabled={cursor === undefined}
              onClick={previousPage}
            >
              {t("deliveries.previous")}
            </button>
            <span class="muted">{t("deliveries.page", { page: previous.length + 1 })}</span>
            <button
              type="button"
              class="button-secondary"
              disabled={page.state.data.next_cursor === null}
              onClick={() =>
                page.state.kind === "loaded" &&
                page.state.data.next_cursor !== null &&
                nextPage(page.state.data.next_cursor)
              }
            >
              {t("deliveries.next")}
            </button>
          </nav>
        </>
      ) : null}
    </div>
  );
}
