# Sourced by ./keyless, .ci/run and bench/run: exports JAVA_HOME pointing at a JDK >= 21.
# The machine's default java may be older (17 here), so look at JAVA_HOME first, then at
# every JDK installed beside the default one (e.g. /usr/lib/jvm/*), newest first.
# The JDK's release file (every JDK since 9) names its version: reading it costs nothing, where
# starting that JVM to ask costs about 0.3 s of every launch. A JDK without it (8 and older, or an
# unusual build) is asked.
keyless_java_major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$v" ] && [ "$v" != 1 ]; then echo "$v"; return; fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

keyless_find_jdk() {
  local candidates=() home major default_java
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    home=$(dirname "$(dirname "$(readlink -f "$default_java")")")
    candidates+=("$home")
    for d in $(ls -d "$(dirname "$home")"/*/ 2>/dev/null | sort -rV); do candidates+=("${d%/}"); done
  fi
  for d in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${d%/}"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(keyless_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$home"
      return 0
    fi
  done
  echo "keyless: no JDK 21 or newer found (looked at JAVA_HOME and beside the default java, $(command -v java || echo 'none'))." >&2
  echo "keyless: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}
