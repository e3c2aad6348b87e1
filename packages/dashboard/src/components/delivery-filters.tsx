import { useState } from "preact/hooks";
import type { Endpoint } from "../api/types";
import { ALL_EVENT_TYPES } from "../catalog/event-groups";
import type { ParsedDateInput } from "../i18n/date-input-format";
import { useI18n } from "../i18n/i18n-context";
import { DateTimeField } from "./date-time-field";
import { endpointOptions, SelectField, type SelectOption } from "./select-field";

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
const STATUS_CHOICES = ["pending", "succeeded", "failed", FAILING] as const;

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
  const all = t("common.all");
  const select = (
    id: string,
    name: keyof DeliveryFilters,
    label: string,
    options: readonly SelectOption[],
  ) => (
    <SelectField
      id={id}
      label={label}
      value={draft[name] ?? ""}
      options={options}
      onChange={(v) => set(name, v)}
    />
  );
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
      {select(
        "filter-endpoint",
        "endpoint_id",
        t("deliveries.endpoint"),
        endpointOptions(props.endpoints, all),
      )}
      {select("filter-event-type", "event_type", t("deliveries.event_type"), [
        { value: "", label: all },
        ...ALL_EVENT_TYPES.map((type) => ({ value: type, label: type })),
      ])}
      {select("filter-status", "status", t("deliveries.status"), [
        { value: "", label: all },
        ...STATUS_CHOICES.map((status) => ({ value: status, label: t(`status.${status}`) })),
      ])}
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
      {select("filter-test", "test", t("deliveries.tests"), [
        { value: "", label: t("deliveries.tests_included") },
        { value: "false", label: t("deliveries.tests_excluded") },
        { value: "true", label: t("deliveries.tests_only") },
      ])}
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
