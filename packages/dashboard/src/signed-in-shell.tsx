import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { createApiClient } from "./api/client";
import type { Endpoint, SignedInSession } from "./api/types";
import { useLoad } from "./api/use-load";
import { AppContext, type AppContextValue } from "./app-context";
import { HealthBanner } from "./components/health-banner";
import { LanguageSwitch } from "./components/language-switch";
import { useI18n } from "./i18n/i18n-context";
import { DeliveriesPage } from "./pages/deliveries-page";
import { DeliveryPage } from "./pages/delivery-page";
import { EndpointNewPage } from "./pages/endpoint-new-page";
import { EndpointPage } from "./pages/endpoint-page";
import { EndpointsPage } from "./pages/endpoints-page";
import { EventCatalogPage } from "./pages/event-catalog-page";
import { MonitoringPage } from "./pages/monitoring-page";
import { NotFoundPage } from "./pages/not-found-page";
import { SettingsPage } from "./pages/settings-page";
import { Link, type Location, useLocation } from "./routing/router";
import { href, type Route } from "./routing/routes";
import { signOut } from "./session/session-api";

/** The signed-in dashboard: header, navigation, the health banner, and the current page. */
const BANNER_REFRESH_MS = 15_000;

const NAV: readonly {
  readonly path: string;
  readonly pages: readonly Route["page"][];
  readonly key: "nav.endpoints" | "nav.deliveries" | "nav.monitoring" | "nav.catalog" | "nav.settings";
}[] = [
  { path: "/", pages: ["endpoints", "endpoint", "endpoint-new"], key: "nav.endpoints" },
  { path: "/deliveries", pages: ["deliveries", "delivery"], key: "nav.deliveries" },
  { path: "/monitoring", pages: ["monitoring"], key: "nav.monitoring" },
  { path: "/events", pages: ["catalog"], key: "nav.catalog" },
  { path: "/settings", pages: ["settings"], key: "nav.settings" },
];

function CurrentPage(props: { readonly location: Location }) {
  const { route } = props.location;
  switch (route.page) {
    case "endpoints":
      return <EndpointsPage search={props.location.search} />;
    case "endpoint-new":
      return <EndpointNewPage />;
    case "endpoint":
      return <EndpointPage id={route.id} />;
    case "deliveries":
      return <DeliveriesPage search={props.location.search} />;
    case "delivery":
      return <DeliveryPage id={route.id} />;
    case "monitoring":
      return <MonitoringPage />;
    case "settings":
      return <SettingsPage />;
    case "catalog":
      return <EventCatalogPage />;
    case "not-found":
      return <NotFoundPage />;
  }
}

export function SignedInShell(props: {
  readonly session: SignedInSession;
  readonly onSignedOut: () => void;
}) {
  const { t } = useI18n();
  const location = useLocation();
  const [dataVersion, setDataVersion] = useState(0);
  const [tick, setTick] = useState(0);
  const { session, onSignedOut } = props;
  const api = useMemo(
    () => createApiClient({ csrfToken: () => session.csrf_token, onSignedOut }),
    [session.csrf_token, onSignedOut],
  );
  const dataChanged = useCallback(() => setDataVersion((v) => v + 1), []);
  const doSignOut = useCallback(() => {
    void signOut(session.csrf_token).then(onSignedOut);
  }, [session.csrf_token, onSignedOut]);
  const context = useMemo<AppContextValue>(
    () => ({ api, session, dataVersion, dataChanged, signOut: doSignOut }),
    [api, session, dataVersion, dataChanged, doSignOut],
  );

  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), BANNER_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const endpoints = useLoad(
    () => api.get<{ data: Endpoint[] }>("/v1/endpoints"),
    [api, dataVersion, location.key, tick],
  );

  return (
    <AppContext.Provider value={context}>
      <a class="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <p class="brand">
            <span class="brand-mark" aria-hidden="true">
              ◆
            </span>{" "}
            VoiceHire <span class="muted">· {t("app.tab_title")}</span>
          </p>
          <nav aria-label={t("nav.label")} class="nav">
            <ul>
              {NAV.map((item) => (
                <li key={item.path}>
                  <Link
                    href={href(item.path)}
                    aria-current={item.pages.includes(location.route.page) ? "page" : undefined}
                  >
                    {t(item.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div class="topbar-tools">
            <LanguageSwitch />
            <span class="account-name" title={session.account.id}>
              {session.account.name}
            </span>
            <button type="button" class="button-secondary" onClick={doSignOut}>
              {t("nav.sign_out")}
            </button>
          </div>
        </div>
      </header>
      {/* Not on the endpoints page: the one it links to, where every card shows its own state. */}
      {endpoints.state.kind === "loaded" && location.route.page !== "endpoints" ? (
        <HealthBanner endpoints={endpoints.state.data.data} />
      ) : null}
      <main id="main" class="content" tabIndex={-1}>
        <CurrentPage location={location} />
      </main>
    </AppContext.Provider>
  );
}
