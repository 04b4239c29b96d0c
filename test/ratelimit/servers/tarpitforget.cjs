// BROKEN fixed window (L per W) that deletes the client's key when it rejects (next request starts a fresh budget),
// and tarpits its 429s: each 429 is answered after TARPIT ms (slowing abusive clients). Bare 429s.
const http = require('node:http');
const L = +process.env.L || 5, W = +process.env.W || 2000, TARPIT = +process.env.TARPIT || 2000; const store = new Map();
http.createServer((req, res) => {
  const key = req.socket.remoteAddress, now = Date.now();
  let s = store.get(key); if (!s || now - s.start >= W) { s = { count: 0, start: now }; store.set(key, s); }
  if (++s.count > L) { store.delete(key); return setTimeout(() => { res.writeHead(429, { 'content-type': 'application/json' }); res.end('{"error":"too many requests"}'); }, TARPIT); }
  res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
