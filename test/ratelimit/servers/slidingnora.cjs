// Sliding log L per W, bare 429: no Retry-After, no rate-limit headers (hand-written limiter).
const http = require('node:http');
const L = +process.env.L || 5, W = +process.env.W || 2000; const log = [];
http.createServer((req, res) => {
  const now = Date.now(); while (log.length && log[0] <= now - W) log.shift();
  if (log.length >= L) { res.writeHead(429, { 'content-type': 'application/json' }); return res.end('{"error":"too many requests"}'); }
  log.push(now); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
