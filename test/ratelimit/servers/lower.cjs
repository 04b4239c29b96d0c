// Sliding log whose REAL limit (REAL) is lower than the declared one; headers honestly advertise REAL.
const http = require('node:http');
const L = +process.env.REAL || 5, W = +process.env.W || 2000; const log = [];
http.createServer((req, res) => {
  const now = Date.now(); while (log.length && log[0] <= now - W) log.shift();
  const h = { 'X-RateLimit-Limit': L, 'X-RateLimit-Remaining': Math.max(0, L - log.length - 1), 'X-RateLimit-Reset': Math.ceil(((log[0] ?? now) + W) / 1000) };
  if (log.length >= L) { res.writeHead(429, { ...h, 'Retry-After': Math.ceil((log[0] + W - now) / 1000) }); return res.end('{"error":"too many requests"}'); }
  log.push(now); res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
