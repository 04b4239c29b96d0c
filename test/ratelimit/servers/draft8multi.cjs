// Correct limiter with TWO sliding-log policies, 10/1s ("burst") and 100/60s ("minute"), IETF draft-8 headers
// naming both; 429 + Retry-After = ceil(seconds until the policy that refused frees a slot).
const http = require('node:http'); const P = [{ n: 'burst', q: 10, w: 1 }, { n: 'minute', q: 100, w: 60 }]; const log = [];
http.createServer((req, res) => {
  const now = Date.now(); while (log.length && log[0] <= now - 60000) log.shift();
  const used = P.map((p) => log.filter((t) => t > now - p.w * 1000));
  const refuse = P.findIndex((p, i) => used[i].length >= p.q); if (refuse < 0) log.push(now);
  const h = { 'RateLimit-Policy': P.map((p) => `"${p.n}";q=${p.q};w=${p.w}`).join(', '),
    'RateLimit': P.map((p, i) => { const u = used[i].length + (refuse < 0 ? 1 : 0); const t = u ? Math.ceil(((refuse < 0 && used[i].length === 0 ? now : used[i][0]) + p.w * 1000 - now) / 1000) : 0; return `"${p.n}";r=${Math.max(0, p.q - u)};t=${t}`; }).join(', ') };
  if (refuse >= 0) { res.writeHead(429, { ...h, 'Retry-After': String(Math.ceil((used[refuse][0] + P[refuse].w * 1000 - now) / 1000)) }); return res.end('{"error":"too many requests"}'); }
  res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
