import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * `GET /docs`: the OpenAPI document as one readable page, rendered on the server from the
 * same JSON `GET /openapi.json` serves: every route with its summary, who may call it, its
 * parameters, request body (schema and example) and answers. Self-contained: inline CSS,
 * no script, nothing fetched (Baton's users may have no internet either).
 */

type Json = Record<string, unknown>;
type Piece = HtmlEscapedString | Promise<HtmlEscapedString>;

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** Prose of the document, whose `code` spans (CommonMark, as OpenAPI descriptions are) become <code>. */
function prose(text: string): Piece[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : html`${part}`));
}

function schemaBlock(title: string, schema: unknown, example?: unknown): Piece {
  return html`<details>
    <summary>${title}</summary>
    <pre>${pretty(schema)}</pre>
    ${example !== undefined ? html`<p class="label">Example</p><pre>${typeof example === 'string' ? example : pretty(example)}</pre>` : ''}
  </details>`;
}

function operationBlock(path: string, method: string, op: Json, doc: Json): Piece {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = op.requestBody as { required?: boolean; content: Record<string, { schema: unknown; example?: unknown }> } | undefined;
  const responses = op.responses as Record<string, Json>;
  const roles = op['x-baton-roles'] as string[] | undefined;
  const errorText = (ref: string) => {
    const name = ref.split('/').pop() ?? '';
    return (((doc.components as Json).responses as Record<string, Json>)[name]?.description as string | undefined) ?? '';
  };
  return html`<section class="op" id="${op.operationId as string}">
    <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
    <p class="summary">${op.summary as string}</p>
    ${op.description ? html`<p>${prose(op.description as string)}</p>` : ''}
    <p class="meta">${(op.security as unknown[]).length === 0 ? 'No token needed.' : html`Bearer token${roles ? html` of <strong>${roles.join(' or ')}</strong>` : ' of any role'}.`} <code>operationId: ${op.operationId as string}</code></p>
    ${
      params.length > 0
        ? html`<table><tr><th>Parameter</th><th>In</th><th>Description</th><th>Example</th></tr>${params.map(
            (p) =>
              html`<tr><td><code>${p.name as string}</code></td><td>${p.in as string}</td><td>${p.description as string}</td><td><code>${String(p.example ?? '')}</code></td></tr>`,
          )}</table>`
        : ''
    }
    ${body ? Object.entries(body.content).map(([type, media]) => schemaBlock(`Request body (${type})${body.required ? ', required' : ''}`, media.schema, media.example)) : ''}
    ${schemaBlock('200: answer', (responses['200']?.content as Record<string, { schema: unknown }> | undefined)?.['application/json']?.schema)}
    <p class="errors">${Object.entries(responses)
      .filter(([status]) => status !== '200')
      .map(([status, r]) => html`<span title="${errorText((r.$ref as string) ?? '')}">${status}</span> `)}</p>
  </section>`;
}

export function docsPage(doc: Json): Piece {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops = Object.entries(paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] as Json })));
  const errors = ((doc.components as Json).responses as Record<string, Json>) ?? {};
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${info.title as string} ${info.version as string}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
  <h1>${info.title as string} <small>${info.version as string} · OpenAPI ${doc.openapi as string}</small></h1>
  <p>${prose(info.summary as string)}</p>
  <p>${prose(info.description as string)}</p>
  <p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>.</p>
</header>
<nav><ol>${ops.map(({ path, method, op }) => html`<li><a href="#${op.operationId as string}"><span class="method ${method}">${method.toUpperCase()}</span> ${path}</a> — ${op.summary as string}</li>`)}</ol></nav>
<main>${ops.map(({ path, method, op }) => operationBlock(path, method, op, doc))}</main>
<footer>
  <h2>Errors</h2>
  <table>${Object.entries(errors).map(([name, r]) => html`<tr><td><code>${name.slice(1)}</code></td><td>${r.description as string}</td></tr>`)}</table>
  ${schemaBlock('The error body', (doc.components as Json).schemas && ((doc.components as Json).schemas as Json).Error)}
</footer>
</body>
</html>`;
}

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; color: #1d232a; }
h1 small { font-size: 0.6em; color: #5b6670; font-weight: normal; }
code, pre { font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; }
pre { background: #f4f6f8; padding: 0.75rem; overflow-x: auto; border-radius: 4px; }
nav ol { padding-left: 1.2rem; } nav a { text-decoration: none; }
.op { border-top: 1px solid #d9dee3; padding-top: 0.5rem; margin-top: 1.5rem; }
.op h3 { margin: 0.25rem 0; }
.method { display: inline-block; min-width: 3.5rem; text-align: center; border-radius: 3px; color: #fff; font-size: 12px; font-weight: 600; padding: 1px 4px; }
.method.get { background: #1f6feb; } .method.post { background: #1a7f37; } .method.patch { background: #9a6700; } .method.delete { background: #cf222e; }
.summary { font-weight: 600; margin: 0.25rem 0; }
.meta { color: #5b6670; }
.errors span { border: 1px solid #d9dee3; border-radius: 3px; padding: 0 4px; margin-right: 2px; font-size: 12px; }
.label { margin-bottom: 0; color: #5b6670; }
table { border-collapse: collapse; margin: 0.5rem 0; } td, th { border: 1px solid #d9dee3; padding: 2px 8px; text-align: left; vertical-align: top; }
details summary { cursor: pointer; color: #1f6feb; }
`;
