// BROKEN per-user sliding log: enforces REAL (7) per W per Authorization value where 10 is the intended limit.
// Bare 429 + Retry-After, no rate-limit headers.
const http = require('node:http');
const REAL = +process.env.REAL || 7, W = +process.env.W || 30000; const logs = new Map();
http.createServer((req, res) => {
  const key = req.headers.authorization || 'anon', now = Date.now();
  const log = (logs.get(key) || []).filter((t) => t > now - W); logs.set(key, log);
  if (log.length >= REAL) { res.writeHead(429, { 'Retry-After': String(Math.ceil((log[0] + W - now) / 1000)), 'content-type': 'application/json' }); return res.end('{"error":"too many requests"}'); }
  log.push(now); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
