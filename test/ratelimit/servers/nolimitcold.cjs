// BROKEN: no limiter at all (everything 200, no headers); the first answer is slow (COLD ms cold start).
const http = require('node:http'); const COLD = +process.env.COLD || 2100; let first = true;
http.createServer((req, res) => { const d = first ? COLD : 0; first = false;
  setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }, d);
}).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
