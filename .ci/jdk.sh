# Sourced by ./keyless, .ci/run and bench/run: exports JAVA_HOME pointing at a JDK >= 21.
# The machine's default java may be older (17 here), so look at JAVA_HOME first, then at the default
# java's own JDK, then at every JDK installed beside it and in /usr/lib/jvm, the newest first.
# The JDK's release file (every JDK since 9) names its version, read here with shell builtins: starting
# that JVM to ask costs about 0.3 s, and every program started (sed, ls, sort) about 5-10 ms of every
# launch (bench/RESULTS.md). A JDK without it (8 and older, or an unusual build) is asked.

# Sets keyless_major to the JDK's major version (empty when unknown).
keyless_java_major() {
  local line
  keyless_major=""
  if [ -r "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then keyless_major=${BASH_REMATCH[1]}; break; fi
    done <"$1/release"
  fi
  if [ -n "$keyless_major" ] && [ "$keyless_major" != 1 ]; then return; fi
  keyless_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
}

keyless_find_jdk() {
  local home default_java best="" best_major=0 d place
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    keyless_java_major "$JAVA_HOME"
    if [ -n "$keyless_major" ] && [ "$keyless_major" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  default_java=$(command -v java 2>/dev/null || true)
  local places=(/usr/lib/jvm)
  if [ -n "$default_java" ]; then
    home=$(readlink -f "$default_java")
    home=${home%/bin/java}
    keyless_java_major "$home"
    if [ -x "$home/bin/javac" ] && [ -n "$keyless_major" ] && [ "$keyless_major" -ge 21 ]; then
      export JAVA_HOME="$home"; return 0
    fi
    places=("${home%/*}" /usr/lib/jvm)
  fi
  # The newest JDK beside the default one, then in /usr/lib/jvm (a glob, no ls or sort).
  for place in "${places[@]}"; do
    for d in "$place"/*/; do
      d=${d%/}
      [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
      keyless_java_major "$d"
      if [ -n "$keyless_major" ] && [ "$keyless_major" -ge 21 ] && [ "$keyless_major" -gt "$best_major" ]; then
        best="$d"; best_major="$keyless_major"
      fi
    done
    if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  done
  echo "keyless: no JDK 21 or newer found (looked at JAVA_HOME and beside the default java, $(command -v java || echo 'none'))." >&2
  echo "keyless: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}
