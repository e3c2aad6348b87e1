import { EVENT_GROUPS, EVENT_TYPES, eventCatalog, eventGroupTitles } from "@voicehire/webhooks";
import { EventTypeEntry } from "../components/event-type-entry";
import { EventTypeName } from "../components/event-type-name";
import { PageHeading } from "../components/page-heading";
import { useI18n } from "../i18n/i18n-context";
import "./event-catalog-page.css";

/**
 * The event catalog, generated from the SDK's (the one the service validates against): every type by
 * the document's groups, with its description, fields and a sample to copy. Customers read it to write
 * their receiver.
 */
export function EventCatalogPage() {
  const { t, language } = useI18n();
  const groups = EVENT_GROUPS.map((group) => ({
    group,
    title: eventGroupTitles[group][language],
    entries: EVENT_TYPES.filter((type) => eventCatalog[type].group === group).map(
      (type) => eventCatalog[type],
    ),
  }));
  return (
    <div class="page catalog-page">
      <PageHeading>{t("catalog.title")}</PageHeading>
      <p class="lead">{t("catalog.intro")}</p>
      <nav class="panel catalog-contents" aria-labelledby="catalog-contents-title">
        <h2 id="catalog-contents-title">{t("catalog.contents")}</h2>
        <div class="catalog-contents-groups">
          {groups.map(({ group, title, entries }) => (
            <div key={group}>
              <p class="label">{title}</p>
              <ul>
                {entries.map((entry) => (
                  <li key={entry.type}>
                    <a href={`#${entry.type}`}>
                      <EventTypeName type={entry.type} />
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </nav>
      {language === "en" ? null : <p class="help">{t("catalog.descriptions_in_english")}</p>}
      {groups.map(({ group, title, entries }) => (
        <section key={group} aria-labelledby={`group-${group}`}>
          <h2 id={`group-${group}`}>{title}</h2>
          {entries.map((entry) => (
            <EventTypeEntry key={entry.type} entry={entry} />
          ))}
        </section>
      ))}
    </div>
  );
}
