// The build failed on the suite itself: one located message, and nothing was run or written.
String log = new File(basedir, 'build.log').getText('UTF-8')
def located = log =~ /(?m)^\[ERROR\] Failed to execute goal dev\.vernier:vernier-maven-plugin:[^ ]+:run \([^)]*\) on project malformed-suite: \S*suite\.yaml:\d+:\d+: .+$/
assert located.find() : 'no file:line:column message in build.log'
assert !log.contains('requests in ')
assert !new File(basedir, 'target/vernier').exists()
return true
