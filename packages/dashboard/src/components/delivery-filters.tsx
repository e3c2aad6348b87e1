import { useState } from "preact/hooks";
import type { Endpoint } from "../api/types";
import { ALL_EVENT_TYPES } from "../catalog/event-groups";
import type { ParsedDateInput } from "../i18n/date-input-format";
import { useI18n } from "../i18n/i18n-context";
import { DateTimeField } from "./date-time-field";

/**
 * The delivery log's filters: endpoint, event type, status, time range, tests, and a search by event,
 * campaign or candidate id. They live in the page's URL, so a filtered view can be reloaded or shared.
 */
export const SEARCH_FIELDS = ["event_id", "campaign_id", "candidate_id"] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface DeliveryFilters {
  readonly endpoint_id?: string;
  readonly event_type?: string;
  readonly status?: string;
  readonly since?: string;
  readonly until?: string;
  readonly test?: string;
  readonly search_field?: SearchField;
  readonly search?: string;
}

export function filtersFromSearch(search: URLSearchParams): DeliveryFilters {
  const get = (name: string) => search.get(name) ?? undefined;
  const field = get("search_field");
  const filters: Record<string, string | undefined> = {
    endpoint_id: get("endpoint_id"),
    event_type: get("event_type"),
    status: get("status"),
    since: get("since"),
    until: get("until"),
    test: get("test"),
    search_field: (SEARCH_FIELDS as readonly string[]).includes(field ?? "") ? field : undefined,
    search: get("search"),
  };
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""),
  ) as DeliveryFilters;
}

/**
 * The status filter's choice of the failures: failed deliveries and pending ones whose last attempt
 * failed (retried later, or held while their endpoint is paused); the API's `failing=true`.
 */
export const FAILING = "failing";

/** The API query of the filters (the search becomes `event_id`, `campaign_id` or `candidate_id`). */
export function apiQueryOf(filters: DeliveryFilters): Record<string, string | undefined> {
  const { search, search_field, status, ...others } = filters;
  const rest = status === FAILING ? { ...others, failing: "true" } : { ...others, status };
  return search === undefined ? rest : { ...rest, [search_field ?? "event_id"]: search.trim() };
}

export function DeliveryFiltersForm(props: {
  readonly filters: DeliveryFilters;
  readonly endpoints: readonly Endpoint[];
  readonly onApply: (filters: DeliveryFilters) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(props.filters);
  const set = (name: keyof DeliveryFilters, value: string) =>
    setDraft((current) => {
      const next: Record<string, string | undefined> = {
        ...current,
        [name]: value === "" ? undefined : value,
      };
      return Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as DeliveryFilters;
    });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  // A date being typed that is not a date yet keeps the form from applying a filter it did not mean.
  const [unreadable, setUnreadable] = useState<ReadonlySet<"since" | "until">>(new Set());
  const setDate = (name: "since" | "until", parsed: ParsedDateInput) => {
    setUnreadable((current) => {
      const next = new Set(current);
      if (parsed.kind === "invalid") next.add(name);
      else next.delete(name);
      return next;
    });
    if (parsed.kind !== "invalid") set(name, parsed.kind === "valid" ? parsed.iso : "");
  };

  return (
    <form
      class="filters"
      aria-label={t("deliveries.filters")}
      onSubmit={(event) => {
        event.preventDefault();
        const first = [...unreadable][0];
        if (first !== undefined) return document.getElementById(`filter-${first}`)?.focus();
        props.onApply(draft);
      }}
    >
      <div class="field">
        <label for="filter-endpoint">{t("deliveries.endpoint")}</label>
        <select
          id="filter-endpoint"
          value={draft.endpoint_id ?? ""}
          onChange={(e) => set("endpoint_id", value(e))}
        >
          <option value="">{t("common.all")}</option>
          {props.endpoints.map((endpoint) => (
            <option key={endpoint.id} value={endpoint.id}>
              {endpoint.url}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-event-type">{t("deliveries.event_type")}</label>
        <select
          id="filter-event-type"
          value={draft.event_type ?? ""}
          onChange={(e) => set("event_type", value(e))}
        >
          <option value="">{t("common.all")}</option>
          {ALL_EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-status">{t("deliveries.status")}</label>
        <select id="filter-status" value={draft.status ?? ""} onChange={(e) => set("status", value(e))}>
          <option value="">{t("common.all")}</option>
          <option value="pending">{t("status.pending")}</option>
          <option value="succeeded">{t("status.succeeded")}</option>
          <option value="failed">{t("status.failed")}</option>
          <option value={FAILING}>{t("status.failing")}</option>
        </select>
      </div>
      <DateTimeField
        id="filter-since"
        label={t("deliveries.since")}
        value={draft.since}
        onChange={(parsed) => setDate("since", parsed)}
      />
      <DateTimeField
        id="filter-until"
        label={t("deliveries.until")}
        value={draft.until}
        onChange={(parsed) => setDate("until", parsed)}
      />
      <div class="field">
        <label for="filter-test">{t("deliveries.tests")}</label>
        <select id="filter-test" value={draft.test ?? ""} onChange={(e) => set("test", value(e))}>
          <option value="">{t("deliveries.tests_included")}</option>
          <option value="false">{t("deliveries.tests_excluded")}</option>
          <option value="true">{t("deliveries.tests_only")}</option>
        </select>
      </div>
      <div class="field field-search">
        <label for="filter-search">{t("deliveries.search")}</label>
        <div class="inline-form">
          <select
            id="filter-search-field"
            aria-label={t("deliveries.search_in")}
            value={draft.search_field ?? "event_id"}
            onChange={(e) => set("search_field", value(e))}
          >
            {SEARCH_FIELDS.map((field) => (
              <option key={field} value={field}>
                {t(`deliveries.search_${field}`)}
              </option>
            ))}
          </select>
          <input
            id="filter-search"
            type="search"
            spellcheck={false}
            placeholder={t("deliveries.search_placeholder")}
            value={draft.search ?? ""}
            onInput={(e) => set("search", value(e))}
          />
        </div>
      </div>
      <div class="field field-actions">
        <button type="submit" class="button-primary">
          {t("deliveries.apply")}
        </button>
        <button
          type="button"
          class="button-secondary"
          onClick={() => {
            setDraft({});
            props.onApply({});
          }}
        >
          {t("deliveries.reset")}
        </button>
      </div>
    </form>
  );
}
