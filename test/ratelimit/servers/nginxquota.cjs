// BROKEN: nginx limit_req-style bare 503 page (no Retry-After) enforcing L per W, in front of an API whose
// gateway adds a DAILY quota header on every answer (X-RateLimit-Limit: 1000, Remaining counting down from 1000).
const http = require('node:http');
const L = +process.env.L || 5, W = +process.env.W || 2000; const log = []; let daily = 1000;
http.createServer((req, res) => {
  const now = Date.now(); while (log.length && log[0] <= now - W) log.shift(); const lim = log.length >= L; if (!lim) log.push(now);
  const h = { 'X-RateLimit-Limit': 1000, 'X-RateLimit-Remaining': --daily, 'X-RateLimit-Reset': Math.ceil(Date.now() / 86400000) * 86400 };
  if (lim) { res.writeHead(503, { ...h, 'content-type': 'text/html' }); return res.end('<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>'); }
  res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
