// A plain single-process streaming server for the wrk comparison (LoadBenchmark --mode wrk): answers
// POST /v1/chat/completions with 64 OpenAI-style content events and no delay, each its own write, as
// server-sent events in chunked encoding, keeping connections alive. Usage: node stream-stub.js PORT
const http = require('http');
const port = Number(process.argv[2] || 0);
const tokens = Number(process.argv[3] || 64);
const words = ['the', ' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog'];
const events = [];
events.push('data: {"id":"s","object":"chat.completion.chunk","model":"sim-model","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n');
for (let i = 0; i < tokens; i++) {
  events.push('data: {"id":"s","object":"chat.completion.chunk","model":"sim-model","choices":[{"index":0,"delta":{"content":"' + words[i % words.length] + '"},"finish_reason":null}]}\n\n');
}
events.push('data: {"id":"s","object":"chat.completion.chunk","model":"sim-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n');
events.push('data: {"id":"s","object":"chat.completion.chunk","model":"sim-model","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":' + tokens + ',"total_tokens":' + (tokens + 8) + '}}\n\n');
events.push('data: [DONE]\n\n');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'});
    for (const e of events) {
      res.write(e);
    }
    res.end();
  });
});
server.keepAliveTimeout = 60000;
server.listen(port, '127.0.0.1', () => {
  console.log('stream stub on http://127.0.0.1:' + server.address().port);
});
