import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "./api/client";
import type { SignedInSession } from "./api/types";

/** What every signed-in page shares: the API client, the session, and a way to ask for fresh data. */
export interface AppContextValue {
  readonly api: ApiClient;
  readonly session: SignedInSession;
  /** Bumped when something changed endpoints (the health banner and lists reload). */
  readonly dataVersion: number;
  readonly dataChanged: () => void;
  readonly signOut: () => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null) throw new Error("@voicehire/dashboard: useApp outside a signed-in page");
  return value;
}
