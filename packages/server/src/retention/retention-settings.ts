import { defaultRetentionSettings, type RetentionSettings } from "./retention-runner.js";

/** Retention settings from the configured age and interval; the first run comes within a minute of start. */
export function retentionSettingsFor(maxAgeMs: number, intervalMs: number): RetentionSettings {
  return {
    ...defaultRetentionSettings,
    maxAgeMs,
    intervalMs,
    firstRunAfterMs: Math.min(intervalMs, defaultRetentionSettings.firstRunAfterMs),
  };
}
