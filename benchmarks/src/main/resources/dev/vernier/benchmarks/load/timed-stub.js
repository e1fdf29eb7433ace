// A plain single-process streaming server with known timing, for the cold-run check
// (LoadBenchmark --mode cold, the "Node stub"): answers POST /v1/chat/completions with TOKENS
// OpenAI-style content events, the first TTFT_MS after the request arrived and each next one ITL_MS
// later (due times from the arrival, so lateness does not add up), as server-sent events in chunked
// encoding, keeping connections alive. It records what it actually did: per request (keyed by the
// last message's text) the arrival and the first and last content write, in nanoseconds of
// CLOCK_MONOTONIC (process.hrtime), the clock System.nanoTime reads on Linux; GET /truth returns them.
// The arrival is stamped when the request's head has been read (the 'request' event), not when its
// body has ended: the body comes in the same read, but its 'end' event fires in a later turn of the
// loop, after whatever else the stub had queued (a median 0.09 ms later over https, 1.9 ms at p99,
// measured), and that wait is the stub's, not the client's.
// With CERT_FILE and KEY_FILE (PEM) it serves HTTPS instead.
// Usage: node timed-stub.js PORT TOKENS TTFT_MS ITL_MS [CERT_FILE KEY_FILE]
const http = require('http');
const https = require('https');
const fs = require('fs');

const [port, tokens, ttftMs, itlMs] = process.argv.slice(2, 6).map(Number);
const certFile = process.argv[6];
const keyFile = process.argv[7];

const event = (delta, finish) =>
  'data: {"id":"s","object":"chat.completion.chunk","model":"sim-model","choices":[{"index":0,"delta":'
  + JSON.stringify(delta) + ',"finish_reason":' + JSON.stringify(finish) + '}]}\n\n';
const closing = event({}, 'stop')
  + 'data: {"id":"s","object":"chat.completion.chunk","model":"sim-model","choices":[],"usage":{"prompt_tokens":8,'
  + '"completion_tokens":' + tokens + ',"total_tokens":' + (tokens + 8) + '}}\n\n'
  + 'data: [DONE]\n\n';
const words = ['the', ' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog'];
const pieces = words.map(w => event({content: w}, null));
const now = () => process.hrtime.bigint();
const truth = {};

function stream(key, res, arrival) {
  const timing = {arrival: arrival.toString(), first: '0', last: '0'};
  truth[key] = timing;
  res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'});
  let sent = 0;
  const tick = () => {
    res.write(pieces[sent % pieces.length]);
    const written = now().toString();
    if (sent === 0) {
      timing.first = written;
    }
    sent++;
    if (sent === tokens) {
      timing.last = written;
      res.end(closing);
      return;
    }
    const due = arrival + BigInt(Math.round((ttftMs + sent * itlMs) * 1e6));
    setTimeout(tick, Math.max(0, Number(due - now()) / 1e6));
  };
  setTimeout(tick, ttftMs);
}

function handle(req, res) {
  const arrival = now();
  if (req.method === 'GET' && req.url === '/truth') {
    res.writeHead(200, {'Content-Type': 'application/json'});
    res.end(JSON.stringify(truth));
    return;
  }
  const parts = [];
  req.on('data', d => parts.push(d));
  req.on('end', () => {
    let key = '';
    try {
      const messages = JSON.parse(Buffer.concat(parts).toString('utf8')).messages || [];
      key = String((messages[messages.length - 1] || {}).content || '');
    } catch (e) {
      res.writeHead(400, {'Content-Type': 'application/json'});
      res.end('{"error":{"message":"the body is not JSON"}}');
      return;
    }
    stream(key, res, arrival);
  });
}

const server = certFile
  ? https.createServer({cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile)}, handle)
  : http.createServer(handle);
server.keepAliveTimeout = 60000;
server.listen(port, '127.0.0.1', () => {
  console.log('timed stub on ' + (certFile ? 'https' : 'http') + '://127.0.0.1:' + server.address().port);
});
