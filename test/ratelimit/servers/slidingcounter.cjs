// CORRECT sliding-window counter (two-bucket weighted approximation, Cloudflare/nginx-style): buckets of W aligned
// to the epoch; admit iff prev*(1 - elapsed/W) + curr < L; only admitted requests are counted. Never more than L per
// aligned bucket, never more than 2L in any W. 429 + Retry-After (time until a slot frees), no rate-limit headers.
// Every answer takes DELAY ms.
const http = require('node:http');
const L = +process.env.L || 5, W = +process.env.W || 2000, DELAY = +process.env.DELAY || 50; const counts = new Map();
http.createServer((req, res) => {
  const now = Date.now(), b = Math.floor(now / W), x = (now - b * W) / W;
  const prev = counts.get(b - 1) || 0, curr = counts.get(b) || 0;
  const ok = prev * (1 - x) + curr < L;
  if (ok) counts.set(b, curr + 1);
  setTimeout(() => {
    if (!ok) {
      // next slot: in this bucket when prev*(1-x') + curr < L, else in the next bucket
      let wait = prev > 0 ? Math.max(0, (1 - (L - curr) / prev) * W - (now - b * W)) : (b + 1) * W - now;
      if (prev * 0 + curr >= L) wait = (b + 1) * W - now + (curr > 0 ? W * (curr - L + 1) / curr : 0);
      res.writeHead(429, { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))), 'content-type': 'application/json' }); return res.end('{"error":"too many requests"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
  }, DELAY);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
