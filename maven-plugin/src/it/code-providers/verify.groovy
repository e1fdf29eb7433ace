// The provider built in the project's test code was measured; the suite declares none.
File vernier = new File(basedir, 'target/vernier')
File[] runs = vernier.listFiles({ File f -> f.isDirectory() } as FileFilter)
assert runs != null && runs.length == 1 : "expected one run directory under ${vernier}"
List<String> lines = new File(runs[0], 'samples.jsonl').readLines()
assert lines.size() == 2
assert lines.every { it.contains('"provider":"in-code"') && it.contains('"text":"one two three"') }
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log =~ /\[INFO\] in-code: 2\/2 requests in /
return true
