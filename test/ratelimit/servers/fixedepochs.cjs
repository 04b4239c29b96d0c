// CORRECT fixed window, L per W, windows chained from an anchor (like a counter cleared by setInterval since boot:
// here the anchor is put OFFSET ms before... i.e. the first edge falls OFFSET ms after the first request).
// X-RateLimit-Limit/Remaining and X-RateLimit-Reset in epoch SECONDS, rounded up (express-rate-limit legacy style).
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 4000, OFFSET = +process.env.OFFSET || 20, DELAY = +process.env.DELAY || 40;
let anchor = null; const counts = new Map();
http.createServer((req, res) => {
  const now = Date.now(); if (anchor === null) anchor = now + OFFSET - W;
  const win = Math.floor((now - anchor) / W), end = anchor + (win + 1) * W;
  const c = (counts.get(win) || 0) + 1; counts.set(win, c);
  const h = { 'X-RateLimit-Limit': L, 'X-RateLimit-Remaining': Math.max(0, L - c), 'X-RateLimit-Reset': Math.ceil(end / 1000) };
  setTimeout(() => {
    if (c > L) { h['Retry-After'] = Math.ceil((end - Date.now()) / 1000); res.writeHead(429, h); return res.end('{"error":"too many requests"}'); }
    res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
  }, DELAY);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
