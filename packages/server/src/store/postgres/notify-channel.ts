/**
 * The LISTEN/NOTIFY channel on which a store announces new due work. The payload is the store's schema,
 * so deployments sharing one database in different schemas only wake their own workers.
 */
export const notifyChannel = "voicehire_webhooks_work";
