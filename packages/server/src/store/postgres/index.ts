export type { ListenForWorkOptions, WorkListener } from "./listen-for-work.js";
export { listenForWork } from "./listen-for-work.js";
export { notifyChannel } from "./notify-channel.js";
export type { PostgresStore, PostgresStoreOptions } from "./open-postgres-store.js";
export { openPostgresStore } from "./open-postgres-store.js";
