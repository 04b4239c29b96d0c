// CORRECT limiter with two fixed-window policies: L per W (epoch-aligned) and LONG_L per 60 s. IETF draft-6 headers
// for the policy closest to exhaustion (here always the L/W one): RateLimit-Limit/Remaining/Reset (delta s), and
// RateLimit-Policy listing both policies, the long one first ("100;w=60, 10;w=2": the draft gives no order).
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 2000, LONG_L = +process.env.LONG_L || 100; const c1 = new Map(), c2 = new Map();
http.createServer((req, res) => {
  const now = Date.now(), w1 = Math.floor(now / W), w2 = Math.floor(now / 60000), end = (w1 + 1) * W;
  const a = c1.get(w1) || 0, b = c2.get(w2) || 0, ok = a < L && b < LONG_L;
  if (ok) { c1.set(w1, a + 1); c2.set(w2, b + 1); }
  const h = { 'RateLimit-Limit': L, 'RateLimit-Remaining': Math.max(0, L - a - (ok ? 1 : 0)), 'RateLimit-Reset': Math.ceil((end - now) / 1000), 'RateLimit-Policy': `${LONG_L};w=60, ${L};w=${W / 1000}` };
  if (!ok) { h['Retry-After'] = Math.ceil((end - now) / 1000); res.writeHead(429, h); return res.end('{"error":"too many requests"}'); }
  res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
