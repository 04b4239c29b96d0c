// Correct fixed window of 10 per 60 s, IETF draft-8 headers that SAY w=60; the user declares --window 2s.
const http = require('node:http');
const L = 10, W = 60000; let c = 0, start = Date.now();
http.createServer((req, res) => {
  const now = Date.now(); if (now - start >= W) { c = 0; start = now; } c++;
  const t = Math.ceil((start + W - now) / 1000);
  const h = { 'RateLimit-Policy': `"default";q=${L};w=60`, 'RateLimit': `"default";r=${Math.max(0, L - c)};t=${t}` };
  if (c > L) { res.writeHead(429, { ...h }); return res.end('{"error":"too many requests"}'); }
  res.writeHead(200, { ...h, 'content-type': 'application/json' }); res.end('{"ok":true}');
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
