// Correct sliding-log limiter (429 + Retry-After + RateLimit-* headers); request #5 hits an upstream hiccup: 502/503 plain text.
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 2000, ST = +process.env.ST || 503; let n = 0; const log = [];
http.createServer((req, res) => {
  if (++n === 5) { res.writeHead(ST, { 'content-type': 'text/plain' }); return res.end('upstream connect error'); }
  const now = Date.now(); while (log.length && log[0] <= now - W) log.shift();
  const h = { 'RateLimit-Limit': L, 'RateLimit-Remaining': Math.max(0, L - log.length - 1), 'RateLimit-Reset': Math.ceil(((log[0] ?? now) + W - now) / 1000) };
  if (log.length >= L) { res.writeHead(429, { ...h, 'Retry-After': h['RateLimit-Reset'] }); return res.end('{"error":"too many requests"}'); }
  log.push(now); res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
