// BROKEN token bucket (capacity L, refill L per W) with a check-then-set race: reads the bucket, awaits a
// 5 ms "store round trip", then writes tokens-1 back. RateLimit-* headers, Reset = seconds until the bucket is full.
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 4000; let store = { tokens: L, last: Date.now() };
const get = async () => ({ ...store }), set = async (v) => { await new Promise((r) => setTimeout(r, 5)); store = v; };
http.createServer(async (req, res) => {
  const now = Date.now(), b = await get(); const tokens = Math.min(L, b.tokens + (now - b.last) * L / W);
  const ok = tokens >= 1, left = ok ? tokens - 1 : tokens; if (ok) await set({ tokens: left, last: now });
  const h = { 'RateLimit-Limit': L, 'RateLimit-Remaining': Math.floor(left), 'RateLimit-Reset': Math.ceil((L - left) * W / L / 1000) };
  if (!ok) { res.writeHead(429, { ...h, 'Retry-After': Math.ceil((1 - tokens) * W / L / 1000) }); return res.end('{"error":"too many requests"}'); }
  res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
