// The build failed on its gates, with one line per breach, and the reports were written first.
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Vernier gates breached (2):')
assert log =~ /\[ERROR\]   all providers: pass rate not measured — no assertions scored \(add 'assert:' to the cases\), limit >= 0\.9 \(minPassRate\)/
assert log =~ /\[ERROR\]   llamacpp:stories260K: TTFT p95 [0-9.]+ ms, limit <= 0\.001 ms \(maxP95TtftMs\)/
assert !log.contains('(maxP95E2eMs)') // within its limit

File[] runs = new File(basedir, 'target/vernier').listFiles({ File f -> f.isDirectory() } as FileFilter)
assert runs != null && runs.length == 1
assert new File(runs[0], 'summary.csv').isFile()
assert new File(runs[0], 'samples.jsonl').readLines().size() == 1
assert !new File(runs[0], 'index.html').exists() // only the formats asked for
return true
