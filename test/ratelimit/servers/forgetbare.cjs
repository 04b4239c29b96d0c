// BROKEN fixed window (10/60s): when it rejects it deletes the client's key, so the next request starts a
// fresh budget. Bare 429 {"error":"too many requests"}: no rate-limit headers, no Retry-After.
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 60000; const store = new Map();
http.createServer((req, res) => {
  const key = req.headers.authorization || req.socket.remoteAddress, now = Date.now();
  let s = store.get(key); if (!s || now - s.start >= W) { s = { count: 0, start: now }; store.set(key, s); }
  if (++s.count > L) { store.delete(key); res.writeHead(429, { 'content-type': 'application/json' }); return res.end('{"error":"too many requests"}'); }
  res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
