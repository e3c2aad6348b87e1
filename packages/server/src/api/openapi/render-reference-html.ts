import type { OpenApiDocument } from "./build-openapi-document.js";
import { type FieldRow, fieldRows, typeLabel } from "./schema-fields.js";

/**
 * The readable API reference (`GET /docs`), rendered from the OpenAPI document itself: one
 * self-contained HTML page (inline CSS, no script, no font, no CDN), so it works offline and under a
 * `default-src 'none'` content security policy.
 */
type Json = { readonly [key: string]: unknown };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function json(value: unknown): Json {
  return typeof value === "object" && value !== null ? (value as Json) : {};
}

function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The little Markdown the descriptions use, within a line: `code`, **bold**, _emphasis_. */
function inlineMarkdown(text: string): string {
  return escapeHtml(text.replaceAll("\n", " "))
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|\s)_([^_]+)_(?=\s|$|[.,])/g, "$1<em>$2</em>");
}

/** Paragraphs (blank-line separated) of inline Markdown. */
function markdown(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${inlineMarkdown(paragraph)}</p>`)
    .join("\n");
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

function fieldsTable(rows: readonly FieldRow[]): string {
  if (rows.length === 0) return "";
  const body = rows
    .map(
      (row) =>
        `<tr><td><code>${escapeHtml(row.path)}</code>${row.required ? ' <span class="req">required</span>' : ""}</td>` +
        `<td>${escapeHtml(row.type)}</td><td>${markdown(row.description)}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead><tbody>${body}</tbody></table>`;
}

function parametersTable(parameters: readonly Json[], components: Json): string {
  if (parameters.length === 0) return "";
  const schemas = json(components.schemas);
  const body = parameters
    .map((p) => {
      const name = `<code>${escapeHtml(String(p.name))}</code>${p.required === true ? ' <span class="req">required</span>' : ""}`;
      const description = typeof p.description === "string" ? p.description : "";
      return `<tr><td>${name}</td><td>${escapeHtml(String(p.in))}</td><td>${escapeHtml(typeLabel(json(p.schema), schemas))}</td><td>${markdown(description)}</td></tr>`;
    })
    .join("");
  return `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>${body}</tbody></table>`;
}

function resolved(value: unknown, components: Json, section: string): Json {
  const ref = json(value).$ref;
  if (typeof ref !== "string") return json(value);
  return json(json(components[section])[ref.split("/").at(-1) ?? ""]);
}

function responsesHtml(responses: Json, components: Json): string {
  const schemas = json(components.schemas);
  const own: string[] = [];
  const shared: string[] = [];
  for (const [status, raw] of Object.entries(responses)) {
    const ref = json(raw).$ref;
    if (typeof ref === "string") {
      shared.push(`<a href="#error-${escapeHtml(ref.split("/").at(-1) ?? "")}">${escapeHtml(status)}</a>`);
      continue;
    }
    const response = json(raw);
    const content = json(response.content);
    const [contentType, media] = Object.entries(content)[0] ?? [];
    const rows = media === undefined ? [] : fieldRows(json(media).schema, schemas);
    const kind = /^[23]/.test(status) ? "ok" : "err";
    const type = contentType === undefined ? "" : ` <small>${escapeHtml(contentType)}</small>`;
    own.push(
      `<details class="${kind}"><summary><b>${escapeHtml(status)}</b> ${inlineMarkdown(String(response.description ?? ""))}${type}</summary>${fieldsTable(rows)}</details>`,
    );
  }
  const errors =
    shared.length === 0 ? "" : `<p class="errors">Errors: ${shared.join(" · ")} (problem+json)</p>`;
  return `<h4>Responses</h4>${own.join("")}${errors}`;
}

function errorsHtml(components: Json): string {
  const items = Object.entries(json(components.responses)).map(([name, raw]) => {
    const response = json(raw);
    return `<li id="error-${escapeHtml(name)}">${inlineMarkdown(String(response.description ?? ""))}</li>`;
  });
  const rows = fieldRows(json(json(components.schemas).Problem), json(components.schemas));
  return `<section id="errors"><h2>Errors</h2><p>Every error is an <code>application/problem+json</code> document:</p>${fieldsTable(rows)}<ul>${items.join("")}</ul></section>`;
}

function operationHtml(method: string, path: string, operation: Json, components: Json): string {
  const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).map((p) =>
    resolved(p, components, "parameters"),
  );
  const requestSchema = json(json(json(json(operation.requestBody).content)["application/json"]).schema);
  const body =
    operation.requestBody === undefined
      ? ""
      : `<h4>Request body <small>application/json</small></h4>${fieldsTable(fieldRows(requestSchema, json(components.schemas)))}`;
  const security =
    Array.isArray(operation.security) && operation.security.length === 0
      ? "No API key."
      : "API key (Bearer).";
  const admin = operation["x-voicehire-access"] === "admin" ? " Admin keys only." : "";
  return `<article id="${escapeHtml(String(operation.operationId))}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p class="summary">${escapeHtml(String(operation.summary ?? ""))} <span class="auth">${security}${admin}</span></p>
${operation.description === undefined ? "" : markdown(String(operation.description))}
${parametersTable(parameters, components)}${body}${responsesHtml(json(operation.responses), components)}
</article>`;
}

function operationsByTag(document: OpenApiDocument): Map<string, string[]> {
  const components = json(document.components);
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(json(document.paths))) {
    for (const method of METHODS) {
      const operation = json(json(item)[method]);
      if (Object.keys(operation).length === 0) continue;
      const tag = String((operation.tags as unknown[] | undefined)?.[0] ?? "Other");
      const list = byTag.get(tag) ?? [];
      list.push(operationHtml(method, path, operation, components));
      byTag.set(tag, list);
    }
  }
  return byTag;
}

function webhooksHtml(document: OpenApiDocument): string {
  const schemas = json(json(document.components).schemas);
  const articles = Object.entries(json(document.webhooks)).map(([type, item]) => {
    const operation = json(json(item).post);
    const media = json(json(json(operation.requestBody).content)["application/json"]);
    return `<article id="webhook-${slug(type)}"><h3><code>${escapeHtml(type)}</code></h3>${markdown(String(operation.description ?? ""))}
${fieldsTable(fieldRows(media.schema, schemas))}
<h4>Example</h4><pre>${escapeHtml(JSON.stringify(media.example, null, 2))}</pre></article>`;
  });
  return `<section id="webhooks"><h2>Webhooks</h2><p>What your endpoint receives: <code>POST</code> with the JSON envelope below and the headers <code>X-VoiceHire-Event</code>, <code>X-VoiceHire-Event-Id</code>, <code>X-VoiceHire-Attempt</code> and, when the endpoint has a secret, <code>X-VoiceHire-Signature</code> and the Standard Webhooks headers. Answer any 2xx within 5 seconds.</p>${articles.join("\n")}</section>`;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--code:#f3f5f7;--accent:#0b5cad}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--code:#161b22;--accent:#4493f8}}
*{box-sizing:border-box}body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
.layout{display:grid;grid-template-columns:17rem minmax(0,1fr)}nav{position:sticky;top:0;height:100vh;overflow:auto;padding:1rem;border-right:1px solid var(--line);font-size:13px}
nav a{display:block;color:var(--fg);text-decoration:none;padding:.1rem 0;overflow-wrap:anywhere}nav a:hover,nav a:focus{color:var(--accent)}nav h2{font-size:13px;margin:1rem 0 .3rem;color:var(--muted);text-transform:uppercase}
main{padding:1.5rem 2rem;max-width:62rem}article{border-top:1px solid var(--line);padding:1rem 0}h1 small{color:var(--muted);font-size:.5em}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--code);border-radius:4px}code{padding:.05rem .3rem;overflow-wrap:anywhere}td:first-child code{overflow-wrap:normal;white-space:nowrap}.errors{font-size:14px;color:var(--muted)}pre{padding:.8rem;overflow:auto}
table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:14px}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}td p{margin:0}
.method{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;padding:.05rem .4rem;font-size:13px;color:#fff;background:#57606a}
.get{background:#1a7f37}.post{background:#0b5cad}.patch,.put{background:#9a6700}.delete{background:#cf222e}
.req{color:#cf222e;font-size:12px}.auth{color:var(--muted);font-size:13px}details{margin:.3rem 0}summary{cursor:pointer}summary p{display:inline}
details.err summary b{color:#cf222e}details.ok summary b{color:#1a7f37}
@media (max-width:48rem){.layout{display:block}nav{position:static;height:auto;border-right:0;border-bottom:1px solid var(--line)}main{padding:1rem}}`;

export function renderReferenceHtml(document: OpenApiDocument): string {
  const info = json(document.info);
  const tags = (Array.isArray(document.tags) ? document.tags : []).map(json);
  const byTag = operationsByTag(document);
  const sections = tags
    .filter((tag) => byTag.has(String(tag.name)))
    .map((tag) => {
      const name = String(tag.name);
      return `<section id="tag-${slug(name)}"><h2>${escapeHtml(name)}</h2>${markdown(String(tag.description ?? ""))}${(byTag.get(name) ?? []).join("\n")}</section>`;
    });
  const navTags = tags
    .filter((tag) => byTag.has(String(tag.name)))
    .map((tag) => `<a href="#tag-${slug(String(tag.name))}">${escapeHtml(String(tag.name))}</a>`)
    .join("");
  const navHooks = Object.keys(json(document.webhooks))
    .map((type) => `<a href="#webhook-${slug(type)}">${escapeHtml(type)}</a>`)
    .join("");
  const title = escapeHtml(String(info.title ?? "API"));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} reference</title><style>${STYLE}</style></head>
<body><div class="layout"><nav aria-label="Contents"><h2>API</h2>${navTags}<a href="#errors">Errors</a><h2>Webhooks</h2>${navHooks}<h2>Machine-readable</h2><a href="/openapi.json">openapi.json</a></nav>
<main><h1>${title} <small>${escapeHtml(String(info.version ?? ""))}</small></h1>
${markdown(String(info.description ?? ""))}
${sections.join("\n")}
${errorsHtml(json(document.components))}
${webhooksHtml(document)}
</main></div></body></html>
`;
}
