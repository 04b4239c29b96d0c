// Correct epoch-aligned fixed window, L per W, no rate-limit headers; 429 carries a conservative
// Retry-After equal to the whole window (RA=W/1000 unless RA env set). Every answer takes DELAY ms.
const http = require('node:http');
const L = +process.env.L || 5, W = +process.env.W || 3000, DELAY = +process.env.DELAY || 150;
const RA = process.env.RA ?? String(W / 1000); const counts = new Map();
http.createServer((req, res) => {
  const win = Math.floor(Date.now() / W); const c = (counts.get(win) || 0) + 1; counts.set(win, c);
  setTimeout(() => {
    if (c > L) { res.writeHead(429, { 'Retry-After': RA }); return res.end('{"error":"too many requests"}'); }
    res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
  }, DELAY);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
