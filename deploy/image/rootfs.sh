#!/usr/bin/env bash
# Builds the base layer of the Keyless container image without a registry or a Docker daemon: a Java
# runtime made by jlink from the build JDK, the shared libraries it loads (copied from this machine at
# the same paths, as ldd reports them), and the few files a non-root process needs (/etc/passwd with
# user keyless 10001, /tmp). Jib then adds the application layers on top of this folder, FROM scratch
# (pom.xml, profile "image"). Usage: rootfs.sh JAVA_HOME OUTPUT_DIR
set -euo pipefail
java_home="$1"
out="$2"
rm -rf "$out"
mkdir -p "$out/etc" "$out/tmp" "$out/proc" "$out/var/lib/keyless"
# java.se: every standard module (JDBC, JNDI, management, XML); jdk.unsupported: sun.misc.Unsafe for
# protobuf and Netty-free fast paths; jdk.zipfs: jar file systems; jdk.crypto.cryptoki is not needed.
"$java_home/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.naming.dns \
  --strip-debug --no-man-pages --no-header-files --output "$out/opt/java"
# The runtime's native dependencies, and sqlite-jdbc's (it extracts its library to /tmp at run time
# and links libc, libm and libgcc_s), at the paths the dynamic linker looks for them.
libs=$(
  { find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/java' \) ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjawt.so' -print0 | xargs -0 ldd 2>/dev/null || true; } |
    awk '/=>/ && $3 ~ /^\// {print $3} /^[[:space:]]*\/[^ ]*ld-linux/ {print $1}' | sort -u
)
for lib in $libs /lib/x86_64-linux-gnu/libgcc_s.so.1 /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libresolv.so.2; do
  [ -e "$lib" ] || continue
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nkeyless:x:10001:10001:keyless:/var/lib/keyless:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nkeyless:x:10001:\n' > "$out/etc/group"
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$out/etc/hosts"
echo "rootfs: $(du -sh "$out" | cut -f1) in $out"
