import { eventTypeGroups } from "../catalog/event-groups";
import { useI18n } from "../i18n/i18n-context";

/**
 * The event checkboxes, grouped as in the source document (Campagnes, Candidats, Entretiens, Crédits),
 * each with its one-line description; a group's own checkbox selects or clears the whole group.
 */
export function EventTypePicker(props: {
  readonly selected: readonly string[];
  readonly onChange: (selected: readonly string[]) => void;
  readonly error?: string | undefined;
}) {
  const { t, language } = useI18n();
  const chosen = new Set(props.selected);
  const toggle = (type: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(type);
    else next.delete(type);
    props.onChange([...next]);
  };
  const toggleGroup = (types: readonly string[], on: boolean) => {
    const next = new Set(chosen);
    for (const type of types) {
      if (on) next.add(type);
      else next.delete(type);
    }
    props.onChange([...next]);
  };
  return (
    <fieldset
      class="event-picker"
      aria-describedby={props.error === undefined ? "events-help" : "events-help events-error"}
    >
      <legend>{t("endpoint.events")}</legend>
      <p id="events-help" class="help">
        {t("endpoint.events_help")}
      </p>
      {props.error === undefined ? null : (
        <p id="events-error" class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <div class="event-groups">
        {eventTypeGroups(language).map((group) => {
          const types = group.types.map((info) => info.type);
          const all = types.every((type) => chosen.has(type));
          const some = !all && types.some((type) => chosen.has(type));
          return (
            <fieldset key={group.group} class="event-group">
              <legend>{group.title}</legend>
              <label class="check group-check">
                <input
                  type="checkbox"
                  checked={all}
                  indeterminate={some}
                  onChange={(event) => toggleGroup(types, (event.currentTarget as HTMLInputElement).checked)}
                />
                <span>{t("endpoint.events_all_of", { group: group.title })}</span>
              </label>
              {group.types.map((info) => (
                <label key={info.type} class="check">
                  <input
                    type="checkbox"
                    name="event_types"
                    value={info.type}
                    checked={chosen.has(info.type)}
                    onChange={(event) => toggle(info.type, (event.currentTarget as HTMLInputElement).checked)}
                  />
                  <span>
                    <code>{info.type}</code>
                    <span class="help">{info.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>
    </fieldset>
  );
}
