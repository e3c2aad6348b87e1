/** The PostgreSQL side of the migrations listed once, for both engines, in `store/migrations.ts`. */
export { type Migration, postgresMigrations as migrations } from "../../migrations.js";
