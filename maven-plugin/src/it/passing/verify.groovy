// The build passed; check the run directory, the log lines and the re-rendered report.
File vernier = new File(basedir, 'target/vernier')
File[] runs = vernier.listFiles({ File f -> f.isDirectory() } as FileFilter)
assert runs != null && runs.length == 1 : "expected one run directory under ${vernier}"
File run = runs[0]
assert run.name ==~ /it-passing-\d{8}-\d{6}/
for (String name : ['samples.jsonl', 'run.json', 'summary.csv', 'samples.csv', 'index.html']) {
    assert new File(run, name).isFile() : "missing ${name} in ${run}"
}
assert new File(run, 'samples.jsonl').readLines().size() == 1

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('skipped openai:gpt-4.1-mini — no API key — set VERNIER_IT_NO_SUCH_KEY')
assert log =~ /\[INFO\] llamacpp:stories260K: 1\/1 requests in /
assert log.contains('TTFT p95 ms')
assert log.contains('Vernier gates passed.')
assert log.contains("Reports (csv) written to ${run.absolutePath}")
assert !log.contains('\r')
return true
