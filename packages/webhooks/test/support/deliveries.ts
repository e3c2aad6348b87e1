import { buildSignedDelivery, eventCatalog, type SignedDelivery } from "@voicehire/webhooks";

/** 2024-01-15T10:30:00Z, the clock of most tests. */
export const NOW_MS = Date.UTC(2024, 0, 15, 10, 30, 0);
export const now = () => NOW_MS;
export const SECRET = "votre_secret_partage";

/** A real campaign.created delivery (document sample), signed at NOW_MS. */
export function campaignCreatedDelivery(
  overrides: { secrets?: string | readonly string[]; id?: string; test?: boolean; atMs?: number } = {},
): Promise<SignedDelivery> {
  return buildSignedDelivery({
    event: "campaign.created",
    data: eventCatalog["campaign.created"].sample,
    secrets: overrides.secrets ?? SECRET,
    id: overrides.id ?? "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
    ...(overrides.test === undefined ? {} : { test: overrides.test }),
    now: () => overrides.atMs ?? NOW_MS,
  });
}

/** The headers without the named ones. */
export function without(
  headers: Readonly<Record<string, string>>,
  ...names: string[]
): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}
