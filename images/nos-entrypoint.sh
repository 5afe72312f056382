#!/bin/sh
# Entry point of the nos images (docs/images.md): starts java on the image's main class (NOS_MAIN) with the
# image's JVM settings (NOS_JAVA_IMAGE_OPTS; the heap's NOS_JAVA_HEAP_OPTS when the container has a memory limit,
# else NOS_JAVA_HEAP_OPTS_NO_LIMIT), then the user's (NOS_JAVA_OPTS, last, so they win), and the container's
# arguments. The JVM sizes its heap and processor count from the cgroup limits by itself (JDK 17);
# OpenMP (ND4J's native threads) and JavaCPP's native memory bound do not, so they are set here from the limits.
set -eu

# CPUs the container may use: the CFS quota rounded up (cgroup v2 cpu.max, v1 cpu.cfs_quota_us), at most nproc.
cpus() {
  n=$(nproc)
  q=max
  p=100000
  if [ -r /sys/fs/cgroup/cpu.max ]; then
    read -r q p </sys/fs/cgroup/cpu.max
  elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    q=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
    p=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
  fi
  case "$q" in max | -1) echo "$n"; return ;; esac
  c=$(((q + p - 1) / p))
  [ "$c" -ge 1 ] || c=1
  [ "$c" -le "$n" ] || c=$n
  echo "$c"
}

# The memory limit in bytes (cgroup v2 memory.max, v1 memory.limit_in_bytes); empty when there is none.
memory_limit() {
  m=
  if [ -r /sys/fs/cgroup/memory.max ]; then
    m=$(cat /sys/fs/cgroup/memory.max)
  elif [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
    m=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)
  fi
  case "$m" in '' | max) return ;; esac
  # cgroup v1 reports "no limit" as a number near 2^63
  [ "$m" -lt 1125899906842624 ] && echo "$m"
  return 0
}

: "${NOS_MAIN:?the image sets NOS_MAIN, the main class}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(cpus)}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

native=
heap=${NOS_JAVA_HEAP_OPTS_NO_LIMIT:-}
limit=$(memory_limit)
if [ -n "$limit" ]; then
  heap=${NOS_JAVA_HEAP_OPTS:-}
  # JavaCPP collects garbage, then refuses native allocations, once the process's resident memory passes this:
  # an OutOfMemoryError the logs name instead of the kernel's OOM kill.
  native="-Dorg.bytedeco.javacpp.maxphysicalbytes=$((limit * ${NOS_NATIVE_MEMORY_PERCENT:-90} / 100))"
fi

# shellcheck disable=SC2086 # the option lists are split into words on purpose
exec java ${NOS_JAVA_IMAGE_OPTS:-} $heap $native ${NOS_JAVA_OPTS:-} -cp '/opt/nos/lib/*' "$NOS_MAIN" "$@"
