/**
 * voicehire-webhooks as a library: start the service from a configuration, or use a store directly.
 * Most people run the CLI (`voicehire-webhooks serve`) instead.
 */

export { createLogger } from "./app/create-logger.js";
export { type RunningService, type StartOptions, startService } from "./app/start-service.js";
export { ConfigError, resolveServiceConfig, type ServiceConfig } from "./config/service-config.js";
export type { Store } from "./store/port.js";
export { openPostgresStore } from "./store/postgres/index.js";
export { openSqliteStore } from "./store/sqlite/index.js";
export { SERVER_VERSION } from "./version.js";
