import { ROUTES } from './route-table.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const AUTH_TEXT = { none: 'none', bearer: 'bearer token', role: 'bearer token, role admin/manager/owner' } as const;
const LIMIT_TEXT = { none: 'exempt', ip: 'per client IP (public limit)', user: 'per user id (user limit)' } as const;

/** The /docs page: a plain table of the routes (no scripts, no styles: the CSP allows none). */
export function renderDocsPage(publicLimit: number, userLimit: number, windowMs: number): string {
  const rows = ROUTES.map((r) =>
    `<tr><td>${r.method}</td><td><code>${escapeHtml(r.path)}</code></td><td>${escapeHtml(r.summary)}</td>` +
    `<td>${AUTH_TEXT[r.auth]}</td><td>${LIMIT_TEXT[r.limit]}</td></tr>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>limitprobe reference target</title></head>
<body>
<h1>limitprobe reference target</h1>
<p>Public limit: ${publicLimit} requests per ${windowMs} ms per client IP. User limit: ${userLimit} requests per ${windowMs} ms per user.
Machine-readable description: <a href="/openapi.json">/openapi.json</a>.</p>
<table border="1">
<thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Auth</th><th>Rate limit</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
