import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/**
 * The offline GraphiQL page.
 *
 * @graphql-yoga/render-graphiql ships GraphiQL 5 (React, Monaco, its web workers, CSS with fonts
 * and images as data: URLs) as strings, so the whole app goes inline into one HTML document and
 * the browser fetches nothing but this page and the GraphQL endpoint. We use those strings with our
 * own template instead of the package's renderGraphiQL because that one writes its options into a
 * <script> with bare JSON.stringify: a query or title containing "</script>" would break out.
 * The page also carries a Content-Security-Policy that lets it talk to this origin only, so even a
 * future bundle that tried to load something from a CDN could not.
 */
export interface GraphiQLPageOptions {
  /** Shown in the tab and the top bar. */
  title: string;
  /** Path of the GraphQL endpoint on this server. */
  endpoint: string;
  /** Query in the editor when the browser has none stored. */
  defaultQuery?: string;
  /** Headers in the header editor, e.g. a demo bearer token. */
  defaultHeaders?: Record<string, string>;
}

export interface GraphiQLPage {
  html: Buffer;
  gzipped: Buffer;
  etag: string;
  contentSecurityPolicy: string;
}

/** Builds the page once; it is about 9 MB (2.4 MB gzipped), so callers cache the result. */
export async function renderGraphiQLPage(options: GraphiQLPageOptions): Promise<GraphiQLPage> {
  const assets = await import('@graphql-yoga/render-graphiql/graphiql');
  const headers = options.defaultHeaders ? JSON.stringify(options.defaultHeaders, null, 2) : undefined;
  const settings = {
    title: escapeHtml(options.title),
    endpoint: options.endpoint,
    defaultQuery: options.defaultQuery,
    headers,
    defaultHeaders: headers,
    // A real token typed into the header editor should not stay behind in localStorage.
    shouldPersistHeaders: false,
  };
  const script = `
const workers = {
  editorWorkerService: toBlobUrl(${scriptJson(assets.editorWorkerService)}),
  json: toBlobUrl(${scriptJson(assets.jsonWorker)}),
  graphql: toBlobUrl(${scriptJson(assets.graphqlWorker)}),
};
function toBlobUrl(source) {
  return URL.createObjectURL(new Blob([source], { type: 'application/javascript' }));
}
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
${assets.js};
YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(settings)});
`;
  const html = Buffer.from(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="${assets.favicon}" />
<style>${assets.css}</style>
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root"></div>
<script>${script}</script>
</body>
</html>
`);
  const scriptHash = createHash('sha256').update(script).digest('base64');
  return {
    html,
    gzipped: await promisify(gzip)(html),
    etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
    contentSecurityPolicy: [
      "default-src 'none'",
      `script-src 'sha256-${scriptHash}'`,
      'worker-src blob:',
      "style-src 'unsafe-inline'",
      'img-src data:',
      'font-src data:',
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

/** Sends the page: gzipped when the browser accepts it, 304 when it already has this version. */
export function serveGraphiQLPage(req: IncomingMessage, res: ServerResponse, page: GraphiQLPage): void {
  res.setHeader('etag', page.etag);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === page.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('content-security-policy', page.contentSecurityPolicy);
  res.setHeader('x-content-type-options', 'nosniff');
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.end(gzip ? page.gzipped : page.html);
}

/** JSON that is safe inside a <script> element: no "</script>", no line separators JS chokes on. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
