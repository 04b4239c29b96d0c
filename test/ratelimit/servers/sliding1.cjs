// Correct sliding log, L per W (default 1 per 1 s), 429 + Retry-After = ceil(time until the oldest entry expires).
const http = require('node:http');
const L = +process.env.L || 1, W = +process.env.W || 1000; const log = [];
http.createServer((req, res) => {
  const now = Date.now(); while (log.length && log[0] <= now - W) log.shift();
  if (log.length >= L) { res.writeHead(429, { 'Retry-After': String(Math.ceil((log[0] + W - now) / 1000)) }); return res.end('{"error":"too many requests"}'); }
  log.push(now); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
