// (every answer takes DELAY ms)
// Correct token bucket: capacity L, refills L per W (one token every W/L ms). RateLimit-* (draft6) headers
// where Reset = seconds until the WHOLE bucket is full again; Retry-After (unless NORA) = time to next token.
const http = require('node:http');
const L = +process.env.L || 5, W = +process.env.W || 5000, DELAY = +process.env.DELAY || 100, NORA = process.env.NORA;
let tokens = L, last = Date.now();
http.createServer((req, res) => {
  const now = Date.now(); tokens = Math.min(L, tokens + (now - last) * L / W); last = now;
  const ok = tokens >= 1; if (ok) tokens -= 1;
  const h = { 'RateLimit-Limit': L, 'RateLimit-Remaining': Math.floor(tokens), 'RateLimit-Reset': Math.ceil((L - tokens) * W / L / 1000) };
  if (!ok) { if (!NORA) h['Retry-After'] = Math.ceil((1 - tokens) * W / L / 1000); return setTimeout(() => { res.writeHead(429, h); res.end('{"error":"too many requests"}'); }, DELAY); }
  setTimeout(() => { res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}'); }, DELAY);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
