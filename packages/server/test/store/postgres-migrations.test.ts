import { expect, it } from "vitest";
import { openPostgresStore } from "../../src/store/postgres/index.js";
import { migrations } from "../../src/store/postgres/migrations/index.js";
import { freshSchemaName, postgresTestUrl } from "../support/postgres.js";
import { givenAccount, T0 } from "./conformance/fixtures.js";
import { describePostgresStore } from "./support/postgres-test-resources.js";

/** Migrating a schema: concurrently, twice, and with connection strings that carry their own options. */
await describePostgresStore(
  import.meta.url,
  "migrations",
  ({ freshStore, secondStoreOn, rawClient, closeAfter, dropAfter }) => {
    it("succeed when several processes migrate the same new schema at once, each applied once", async () => {
      const schema = freshSchemaName();
      dropAfter(schema);
      const stores = [1, 2, 3, 4].map(() => secondStoreOn(schema, 1));
      await Promise.all(stores.map((store) => store.migrate()));

      const client = await rawClient(schema);
      const applied = await client.query<{ version: number; name: string }>(
        "SELECT version, name FROM schema_migrations ORDER BY version",
      );
      expect(applied.rows).toEqual(migrations.map(({ version, name }) => ({ version, name })));
      const [first, second] = stores;
      await first?.createAccount({ id: "acc_1", name: "A", creditsThreshold: 10, createdAt: T0 });
      expect(await second?.getAccount("acc_1")).toEqual({
        id: "acc_1",
        name: "A",
        creditsThreshold: 10,
        createdAt: T0,
      });
    });

    it("is a no-op the second time and keeps the data", async () => {
      const { store, schema } = await freshStore();
      const account = await givenAccount(store);
      await store.migrate();
      await secondStoreOn(schema).migrate();
      expect(await store.getAccount(account.id)).toEqual(account);
    });

    it("keeps its schema when the connection string carries its own `options`", async () => {
      const schema = freshSchemaName();
      dropAfter(schema);
      const url = new URL(postgresTestUrl());
      url.searchParams.set("options", "-c statement_timeout=4321");
      const store = openPostgresStore({ connectionString: url.toString(), schema, poolSize: 1 });
      closeAfter(() => store.close());
      await store.migrate();
      await store.createAccount({ id: "acc_1", name: "A", creditsThreshold: 10, createdAt: T0 });

      const client = await rawClient("public");
      const inSchema = await client.query(`SELECT count(*)::int AS count FROM ${schema}.accounts`);
      expect(inSchema.rows).toEqual([{ count: 1 }]);
    });

    it("still applies the `options` of the connection string", async () => {
      const url = new URL(postgresTestUrl());
      url.searchParams.set("options", "-c default_transaction_read_only=on");
      const store = openPostgresStore({
        connectionString: url.toString(),
        schema: freshSchemaName(),
        poolSize: 1,
      });
      closeAfter(() => store.close());
      await expect(store.migrate()).rejects.toThrow(/read-only transaction/);
    });

    it("refuses a schema name that is not a plain identifier", () => {
      expect(() =>
        openPostgresStore({ connectionString: postgresTestUrl(), schema: "x; DROP TABLE y" }),
      ).toThrow(/voicehire-webhooks: the PostgreSQL schema name/);
    });
  },
);
