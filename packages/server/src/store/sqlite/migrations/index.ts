/** The SQLite side of the migrations listed once, for both engines, in `store/migrations.ts`. */
export { type Migration as SqliteMigration, sqliteMigrations } from "../../migrations.js";
