import { render } from "preact";
import { App } from "./app";
import { I18nProvider } from "./i18n/i18n-context";
import "./styles/index.css";

const root = document.getElementById("app");
if (root === null) throw new Error("@voicehire/dashboard: the page has no #app element");
render(
  <I18nProvider>
    <App />
  </I18nProvider>,
  root,
);
