// BROKEN: two limiter instances behind a round-robin balancer, each with its own in-memory fixed window
// (10/60s); instance B already holds 4 hits. Bare 429, no headers, no Retry-After (hand-written / nginx-like).
const http = require('node:http');
const L = 10, W = 60000; const inst = [{ c: 0, s: Date.now() }, { c: 4, s: Date.now() - 5000 }]; let rr = 0;
http.createServer((req, res) => {
  const i = inst[rr++ % 2], now = Date.now(); if (now - i.s >= W) { i.c = 0; i.s = now; } i.c++;
  if (i.c > L) { res.writeHead(429, { 'content-type': 'application/json' }); return res.end('{"error":"too many requests"}'); }
  res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
