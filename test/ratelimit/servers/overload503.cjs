// Correct sliding-log limiter (429 + Retry-After) behind a load shedder: more than MAXINFLIGHT requests
// in flight -> 503 {"error":"server overloaded"} before the limiter runs (nothing counted). 50 ms work per request.
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 2000, MAX = +process.env.MAXINFLIGHT || 4;
let inflight = 0; const log = [];
http.createServer((req, res) => {
  if (inflight >= MAX) { res.writeHead(503, { 'content-type': 'application/json' }); return res.end('{"error":"server overloaded"}'); }
  const now = Date.now(); while (log.length && log[0] <= now - W) log.shift();
  if (log.length >= L) { res.writeHead(429, { 'Retry-After': Math.ceil((log[0] + W - now) / 1000) }); return res.end('{"error":"too many requests"}'); }
  log.push(now); inflight++;
  setTimeout(() => { inflight--; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }, 50);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
