import { describe, expect, it } from "vitest";
import { strandedKeysSql } from "../../src/store/ordered-delivery-sql.js";
import { EARLIEST_SQL, headsByIndexName, UNHELD_SQL } from "../../src/store/sqlite/order-heads.js";
import { DELIVERY_VIEW_COLUMNS } from "../../src/store/sqlite/rows.js";
import { withQueryPlans } from "./support/sqlite-query-plans.js";

/**
 * Ordered delivery reads a key's heads on every publish, result and resend that touches the key. Through
 * `deliveries_pending_by_endpoint` (SQLite's choice without statistics) each of those reads every due
 * delivery of the endpoint and its row, a cost that grows with the endpoint's backlog (a bench of 1,000
 * keys spent 44 % of the service's time there); through `deliveries_order_heads` it reads the key's head.
 */
const PENDING_BY_ENDPOINT = /deliveries_pending_by_endpoint/;

describe("SQLite ordered delivery query plans", () => {
  it("settles a key by seeking its heads and its earliest delivery, never the endpoint's due deliveries", () => {
    withQueryPlans((plan) => {
      const unheld = plan(UNHELD_SQL, ["ep_1", "candidate-1"]);
      expect(unheld).toContain("SEARCH d USING INDEX deliveries_order_heads (endpoint_id=? AND order_key=?)");
      expect(unheld).not.toMatch(PENDING_BY_ENDPOINT);
      const earliest = plan(EARLIEST_SQL, ["ep_1", "candidate-1"]);
      expect(earliest).toContain(
        "USING COVERING INDEX deliveries_order_pending (endpoint_id=? AND order_key=?)",
      );
    });
  });

  it("finds stranded keys and what a held delivery waits for through the heads index", () => {
    withQueryPlans((plan) => {
      const stranded = plan(`${strandedKeysSql(headsByIndexName)} LIMIT ?`, [10]);
      expect(stranded).toContain(
        "SEARCH h USING INDEX deliveries_order_heads (endpoint_id=? AND order_key=?)",
      );
      expect(stranded).not.toMatch(PENDING_BY_ENDPOINT);
      const view = plan(`SELECT ${DELIVERY_VIEW_COLUMNS} FROM deliveries WHERE id = ?`, [1]);
      expect(view).toContain("SEARCH w USING INDEX deliveries_order_heads (endpoint_id=? AND order_key=?)");
      expect(view).not.toMatch(PENDING_BY_ENDPOINT);
    });
  });
});
