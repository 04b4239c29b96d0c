// BROKEN: two limiter instances behind round robin, each with its own fixed-window counter of L per W
// (so 2L admitted per window). Bare 429s. The first answer is slow (COLD ms cold start), the rest fast.
const http = require('node:http');
const L = +process.env.L || 5, W = +process.env.W || 2000, COLD = +process.env.COLD || 2100;
const inst = [new Map(), new Map()]; let rr = 0, first = true;
http.createServer((req, res) => {
  const now = Date.now(), store = inst[rr++ % 2], key = req.socket.remoteAddress;
  let s = store.get(key); if (!s || now - s.start >= W) { s = { count: 0, start: now }; store.set(key, s); }
  const delay = first ? COLD : 0; first = false;
  if (++s.count > L) { res.writeHead(429, { 'content-type': 'application/json' }); return res.end('{"error":"too many requests"}'); }
  setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }, delay);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
