import type { EventCatalogEntry } from "@voicehire/webhooks";
import { useI18n } from "../i18n/i18n-context";
import { CopyButton } from "./copy-button";
import { EventFieldsTable } from "./event-fields-table";
import { EventTypeName } from "./event-type-name";
import { JsonBlock } from "./json-block";

/**
 * One event type of the catalog: its description, its fields, and the envelope a receiver gets for the
 * document's sample (the id is an example), with a button to copy it into a test or a fixture.
 */
export const SAMPLE_EVENT_ID = "evt_01HMBAQ3X4ZPZ8W6K2V7R9T5YC";

export function sampleEnvelope(entry: EventCatalogEntry): unknown {
  return { id: SAMPLE_EVENT_ID, event: entry.type, timestamp: entry.sampleTimestamp, data: entry.sample };
}

export function EventTypeEntry(props: { readonly entry: EventCatalogEntry }) {
  const { t, language } = useI18n();
  const { entry } = props;
  const sample = sampleEnvelope(entry);
  const headingId = `type-${entry.type}`;
  return (
    <section id={entry.type} class="panel catalog-entry" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <EventTypeName type={entry.type} />
      </h3>
      <p>{entry.description[language]}</p>
      <h4>{t("catalog.fields")}</h4>
      <EventFieldsTable type={entry.type} schema={entry.schema} />
      <div class="panel-head">
        <h4>{t("catalog.sample")}</h4>
        <CopyButton
          text={JSON.stringify(sample, null, 2)}
          label={t("catalog.copy_sample")}
          ariaLabel={t("catalog.copy_sample_label", { type: entry.type })}
        />
      </div>
      <JsonBlock value={sample} />
    </section>
  );
}
