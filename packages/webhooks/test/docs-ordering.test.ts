import { describe, expect, it } from "vitest";
import { renderConsumerDocs } from "../scripts/docs/render-consumer-docs.js";

/**
 * The consumer docs explain ordered delivery (issue 14) in both languages: the field and its values,
 * `waiting_for`, the cost, and what stays unguaranteed; and how `listen` checks Ed25519 signatures.
 */
describe("the consumer docs on ordered delivery", () => {
  it.each([
    ["fr", "## Livraison ordonnée", "au moins une fois"],
    ["en", "## Ordered delivery", "at least once"],
  ] as const)("%s: has the section, with the wire shape and its limits", (language, heading, atLeastOnce) => {
    const page = renderConsumerDocs(language);
    const section = page.slice(page.indexOf(heading), page.indexOf("\n## ", page.indexOf(heading) + 1));
    expect(section).toContain(heading);
    for (const fact of ['`"candidate"`', '`"campaign"`', "`null`", "waiting_for", '"ordering_key"', "100"])
      expect(section).toContain(fact);
    expect(section).toContain(atLeastOnce);
    // The keyed events are listed from the catalog: credits events have neither key.
    expect(section).toContain("`candidate.interview.completed`");
    expect(section).not.toContain("`credits.low`");
    expect(page).toContain("--public-key whpk_");
  });
});
