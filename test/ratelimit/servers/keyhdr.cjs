// Sliding log keyed on True-Client-IP when present (a CDN header any client can send), else the socket address.
const http = require('node:http');
const L = +process.env.L || 10, W = +process.env.W || 2000;
const logs = new Map();
http.createServer((req, res) => {
  const key = req.headers['true-client-ip'] || req.socket.remoteAddress;
  const now = Date.now();
  const log = (logs.get(key) || []).filter((t) => t > now - W);
  logs.set(key, log);
  if (log.length >= L) { res.writeHead(429, { 'Retry-After': String(Math.ceil((log[0] + W - now) / 1000)) }); return res.end('{"error":"too many requests"}'); }
  log.push(now);
  res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
