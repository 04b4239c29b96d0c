// BROKEN fixed window: when it rejects, it deletes the key (so the next request starts a fresh budget)
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 60000;
const store = new Map(); // key -> {count, start}
http.createServer((req, res) => {
  const key = req.headers.authorization || req.socket.remoteAddress;
  const now = Date.now();
  let s = store.get(key);
  if (!s || now - s.start >= W) { s = { count: 0, start: now }; store.set(key, s); }
  s.count++;
  const reset = Math.ceil((s.start + W - now) / 1000);
  const h = { 'X-RateLimit-Limit': L, 'X-RateLimit-Remaining': Math.max(0, L - s.count), 'X-RateLimit-Reset': reset };
  if (s.count > L) { store.delete(key); res.writeHead(429, { ...h, 'Retry-After': reset }); return res.end('{"error":"too many requests"}'); }
  res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
