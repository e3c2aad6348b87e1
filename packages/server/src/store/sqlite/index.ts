export { applySqliteMigrations, readSqliteSchemaVersion } from "./migrate.js";
export { type SqliteMigration, sqliteMigrations } from "./migrations/index.js";
export { openSqliteStore, type SqliteStoreOptions } from "./open-sqlite-store.js";
