import { buildSignedDelivery, eventCatalog } from "@voicehire/webhooks";
import { afterEach } from "vitest";
import { createPainter } from "../../../src/cli/listen/format-delivery.js";
import {
  type ListenFlags,
  type ListenSettings,
  resolveListenSettings,
} from "../../../src/cli/listen/listen-settings.js";
import { type RunningListener, startListener } from "../../../src/cli/listen/start-listener.js";
import { type RecordingReceiver, startRecordingReceiver } from "../../support/recording-receiver.js";

/** The secret the tests' deliveries are signed with. */
export const SECRET = "my-shared-secret";
/** The listener's clock: every delivery is received at this instant. */
export const RECEIVED_AT = new Date("2024-01-15T10:30:05.250Z");

export interface Started {
  readonly listener: RunningListener;
  readonly printed: string[];
}

export interface InProcessListeners {
  /** Starts the `listen` receiver in-process on a free loopback port; what it prints is kept. */
  listen(flags: ListenFlags, overrides?: Partial<ListenSettings>): Promise<Started>;
  /** A loopback app answering `status` and `body` to everything, recording what it receives. */
  recordingApp(status: number, body: string): Promise<RecordingReceiver>;
  /** A loopback app that reads each request and never answers. */
  silentApp(): Promise<RecordingReceiver>;
}

/** Registers an `afterEach` closing every listener the test started, then every app. */
export function inProcessListeners(): InProcessListeners {
  const listeners: RunningListener[] = [];
  const apps: RecordingReceiver[] = [];
  afterEach(async () => {
    await Promise.all(listeners.splice(0).map((listener) => listener.close()));
    await Promise.all(apps.splice(0).map((receiver) => receiver.close()));
  });
  const app = async (handler: Parameters<typeof startRecordingReceiver>[0]) => {
    const receiver = await startRecordingReceiver(handler);
    apps.push(receiver);
    return receiver;
  };
  return {
    async listen(flags, overrides = {}) {
      const resolved = resolveListenSettings({ port: "0", ...flags }, {});
      if (!resolved.ok) throw new Error(resolved.message);
      const printed: string[] = [];
      const listener = await startListener(
        { ...resolved.settings, ...overrides },
        { print: (text) => printed.push(text), now: () => RECEIVED_AT, paint: createPainter(false) },
      );
      listeners.push(listener);
      return { listener, printed };
    },
    recordingApp: (status, body) =>
      app((_request, response) => {
        response.writeHead(status, { "content-type": "application/json" }).end(body);
      }),
    silentApp: () => app(() => {}),
  };
}

export function post(
  url: string,
  delivery: { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> },
) {
  return fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
}

/** A signed `candidate.interview.completed` delivery of the catalog's sample. */
export function interviewCompleted(
  secrets: string | string[],
  extra: { test?: boolean; attempt?: number } = {},
) {
  return buildSignedDelivery({
    event: "candidate.interview.completed",
    data: eventCatalog["candidate.interview.completed"].sample,
    secrets,
    id: "evt_listen_1",
    timestamp: "2024-01-15T14:45:00.000Z",
    ...extra,
  });
}
