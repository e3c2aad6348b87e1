import {
  EVENT_GROUPS,
  EVENT_TYPES,
  type EventGroup,
  eventCatalog,
  eventGroupTitles,
} from "@voicehire/webhooks";
import type { Language } from "../i18n/language";

/**
 * The event types as the source document groups them (Campagnes, Candidats, Entretiens, Crédits),
 * each with its one-line description, from the catalog bundled with the SDK.
 */
export interface EventTypeInfo {
  readonly type: string;
  readonly description: string;
}

export interface EventTypeGroup {
  readonly group: EventGroup;
  readonly title: string;
  readonly types: readonly EventTypeInfo[];
}

export const ALL_EVENT_TYPES: readonly string[] = EVENT_TYPES;

export function eventTypeGroups(language: Language): readonly EventTypeGroup[] {
  return EVENT_GROUPS.map((group) => ({
    group,
    title: eventGroupTitles[group][language],
    types: EVENT_TYPES.filter((type) => eventCatalog[type].group === group).map((type) => ({
      type,
      description: eventCatalog[type].description[language],
    })),
  }));
}
