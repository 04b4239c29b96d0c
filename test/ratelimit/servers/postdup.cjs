// Correct sliding-log limiter (10/2s, 429 + Retry-After + RateLimit-* headers) on POST /api/subscribe.
// Business logic: first subscribe -> 201 {"subscribed":true}; repeats -> 200 {"success":false,"error":"already subscribed"}.
const http = require('node:http');
const L = 10, W = 2000; const log = []; let subscribed = false;
http.createServer((req, res) => {
  const now = Date.now(); while (log.length && log[0] <= now - W) log.shift();
  const h = { 'RateLimit-Limit': L, 'RateLimit-Remaining': Math.max(0, L - log.length - 1), 'RateLimit-Reset': Math.ceil(((log[0] ?? now) + W - now) / 1000), 'content-type': 'application/json' };
  if (log.length >= L) { res.writeHead(429, { ...h, 'Retry-After': h['RateLimit-Reset'] }); return res.end('{"error":"too many requests"}'); }
  log.push(now);
  if (!subscribed) { subscribed = true; res.writeHead(201, h); return res.end('{"subscribed":true}'); }
  res.writeHead(200, h); res.end('{"success":false,"error":"already subscribed"}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
