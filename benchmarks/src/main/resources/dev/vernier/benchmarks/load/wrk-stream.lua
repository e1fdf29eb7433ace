-- wrk script for LoadBenchmark --mode wrk: the same streaming Chat Completions request Vernier's
-- openai provider sends (stream: true, usage included); wrk reads each chunked response to its end.
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "text/event-stream"
wrk.body = '{"model":"sim-model","messages":[{"role":"user","content":"Write sixty-four words about measuring latency under load."}],"temperature":0.0,"max_tokens":256,"stream":true,"stream_options":{"include_usage":true}}'
