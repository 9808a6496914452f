# Sourced by the bin/ scripts and .ci/run: picks a JDK of version 21 or later.
# These machines default to JDK 17, so prefer the Temurin 25 that they also carry.
stageline_java_home() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
      version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = //p')
      if [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
        echo "$candidate"
        return 0
      fi
    fi
  done
  return 1
}

if ! JAVA_HOME=$(stageline_java_home); then
  echo "stageline: a JDK 21 or later is needed; set JAVA_HOME to one" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
