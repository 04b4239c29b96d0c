// Correct epoch-aligned fixed window (L per W), X-RateLimit-Reset as epoch ms (or HDR=draft8), optional DELAY per response.
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 2000, DELAY = +process.env.DELAY || 0, NORA = process.env.NORA;
const counts = new Map();
http.createServer((req, res) => {
  const now = Date.now(), win = Math.floor(now / W), end = (win + 1) * W;
  const c = (counts.get(win) || 0) + 1; counts.set(win, c);
  const h = process.env.HDR === 'draft8'
    ? { 'RateLimit-Policy': `"default";q=${L};w=${W / 1000}`, 'RateLimit': `"default";r=${Math.max(0, L - c)};t=${Math.ceil((end - now) / 1000)}` }
    : { 'X-RateLimit-Limit': L, 'X-RateLimit-Remaining': Math.max(0, L - c), 'X-RateLimit-Reset': end };
  if (c > L) { if (!NORA) h['Retry-After'] = process.env.DATE ? new Date(end).toUTCString() : Math.ceil((end - now) / 1000); res.writeHead(429, h); return res.end('{"error":"too many requests"}'); }
  setTimeout(() => { res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}'); }, DELAY);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
