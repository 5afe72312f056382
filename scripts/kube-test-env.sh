#!/usr/bin/env bash
# kube-test-env.sh - a real Kubernetes API server (v1.20.2), etcd and kubectl for the tests.
#
# Fills DIR/k8s/1.20.2-linux-<arch>/ with exactly `etcd`, `kube-apiserver` and `kubectl`,
# the layout that io.fabric8:kube-api-test expects, using Debian's packages only:
#   etcd            -> link to the binary of Debian's etcd-server package
#   kubectl         -> taken from Debian's kubernetes-client package (1.20.2)
#   kube-apiserver  -> built from Debian's `kubernetes` source package with Debian's Go
# DIR is ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}. When the folder already holds working
# binaries, the script only checks them. It prints DIR on stdout at the end; all progress
# messages go to stderr, and the output of the commands it runs to a log file.
#
# Environment:
#   KUBE_API_TEST_DIR        target folder (default ~/.kubeapitest)
#   NOS_CACHE_DIR            build cache (default ${XDG_CACHE_HOME:-~/.cache}/nos): holds the
#                            Go build cache, the log and the temporary build folder
#   KUBE_TEST_ENV_VERBOSE=1  also show the commands' output on stderr
#   NOS_KEEP_BUILD=1         keep the temporary build folder (for debugging)
# Options: --rebuild (build kube-apiserver even if a working one is there), -h/--help.
set -euo pipefail

readonly K8S_VERSION=1.20.2
readonly K8S_MAJOR=${K8S_VERSION%%.*}
readonly K8S_MINOR_PATCH=${K8S_VERSION#*.}
readonly K8S_MINOR=${K8S_MINOR_PATCH%%.*}

STAGE=arguments
WORK=""
LOG=/dev/null
REBUILD=0

say() { printf 'kube-test-env: %s\n' "$*" >&2; }

stage() {
    STAGE=$1
    shift
    say "[$STAGE] $*"
}

die() {
    say "ERROR: $*"
    exit 1
}

on_exit() {
    local rc=$?
    set +e
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ ${NOS_KEEP_BUILD:-0} == 1 ]]; then
            say "keeping build folder $WORK"
        else
            chmod -R u+w -- "$WORK" 2>/dev/null
            rm -rf -- "$WORK"
        fi
    fi
    if ((rc != 0)); then
        say "FAILED in stage '$STAGE' (exit code $rc)"
        if [[ $LOG != /dev/null && -s $LOG ]]; then
            say "last lines of $LOG:"
            tail -n 40 -- "$LOG" >&2
        fi
    fi
    exit "$rc"
}
trap on_exit EXIT

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
}

# Runs a command, sending its output to the log (and to stderr when verbose).
run() {
    printf '+ %s\n' "$*" >>"$LOG"
    if [[ ${KUBE_TEST_ENV_VERBOSE:-0} == 1 ]]; then
        "$@" 2>&1 | tee -a "$LOG" >&2
    else
        "$@" >>"$LOG" 2>&1
    fi
}

as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -- "$@"
    else
        say "root rights needed for: $*"
        return 1
    fi
}

apt_get() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"
}

# ---------------------------------------------------------------- checks (quiet)

apiserver_version() {
    timeout 30 "$BIN_DIR/kube-apiserver" --version 2>/dev/null || true
}

apiserver_ok() {
    [[ -f $BIN_DIR/kube-apiserver && -x $BIN_DIR/kube-apiserver ]] &&
        [[ $(apiserver_version) == "Kubernetes v$K8S_VERSION" ]]
}

etcd_ok() {
    local out
    [[ -x $BIN_DIR/etcd ]] &&
        out=$(timeout 30 "$BIN_DIR/etcd" --version 2>/dev/null) &&
        [[ $out == *"etcd Version: 3."* ]]
}

kubectl_ok() {
    local out
    [[ -x $BIN_DIR/kubectl ]] &&
        out=$(timeout 30 "$BIN_DIR/kubectl" version --client 2>/dev/null) &&
        [[ $out == *"Client Version"* ]]
}

# Exactly the three binaries, nothing else, all working.
layout_ok() {
    local names
    apiserver_ok && etcd_ok && kubectl_ok || return 1
    names=$(find "$BIN_DIR" -mindepth 1 -maxdepth 1 -printf '%f\n' | LC_ALL=C sort | tr '\n' ' ')
    [[ $names == "etcd kube-apiserver kubectl " ]]
}

# ---------------------------------------------------------------- apt

apt_updated=0
apt_update() {
    if ((apt_updated == 0)); then
        run apt_get update
        apt_updated=1
    fi
}

# Adds deb-src entries mirroring the machine's Debian deb entries, unless sources are known.
ensure_deb_src() {
    if apt-cache showsrc kubernetes >/dev/null 2>&1; then
        return 0
    fi
    local d822=/etc/apt/sources.list.d/nos-debian-src.sources
    local legacy=/etc/apt/sources.list.d/nos-debian-src.list
    local tmp f
    tmp=$(mktemp)
    # deb822 files: copy each stanza of type deb that points at Debian, as deb-src.
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f && $f != "$d822" ]] || continue
        awk 'BEGIN { RS = ""; ORS = "\n\n" }
             /(^|\n)Types:[^\n]*(^|[ \t])deb([ \t]|\n|$)/ && /(^|\n)URIs:[^\n]*debian/ {
                 gsub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print
             }' "$f" >>"$tmp"
    done
    if [[ -s $tmp ]]; then
        say "adding deb-src entries in $d822 (copied from the machine's Debian sources)"
        as_root install -m 0644 "$tmp" "$d822"
    else
        # One-line format: /etc/apt/sources.list and *.list.
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [[ -f $f && $f != "$legacy" ]] || continue
            sed -n -E 's/^[[:space:]]*deb[[:space:]]+(.*debian.*)$/deb-src \1/p' "$f" >>"$tmp"
        done
        [[ -s $tmp ]] || { rm -f "$tmp"; die "no Debian 'deb' source entry found in /etc/apt to mirror as deb-src"; }
        say "adding deb-src entries in $legacy (copied from the machine's Debian sources)"
        as_root install -m 0644 "$tmp" "$legacy"
    fi
    rm -f "$tmp"
    apt_updated=0
    apt_update
    apt-cache showsrc kubernetes >/dev/null 2>&1 ||
        die "source package 'kubernetes' still unknown to apt after adding deb-src entries"
}

# ---------------------------------------------------------------- etcd / kubectl

install_etcd() {
    stage etcd "installing Debian's etcd-server and linking its etcd"
    if [[ $(dpkg-query -W -f='${Status}' etcd-server 2>/dev/null || true) != "install ok installed" ]]; then
        apt_update
        run apt_get install --no-install-recommends etcd-server
    fi
    local etcd_bin
    etcd_bin=$(dpkg -L etcd-server | grep -E '/s?bin/etcd$' | head -n 1 || true)
    [[ -n $etcd_bin && -x $etcd_bin ]] || die "etcd binary not found in package etcd-server"
    ln -sfn "$etcd_bin" "$BIN_DIR/etcd"
    etcd_ok || die "$BIN_DIR/etcd -> $etcd_bin does not run"
}

# kubectl comes out of Debian's kubernetes-client .deb. It is unpacked rather than installed,
# so that it does not clash with another package owning /usr/bin/kubectl (Google Cloud SDK's
# does on some machines) and always matches the server's minor version.
install_kubectl() {
    stage kubectl "unpacking kubectl from Debian's kubernetes-client package"
    apt_update
    local tmp
    tmp=$(mktemp -d "$CACHE/kubectl.XXXXXX")
    (cd "$tmp" && run apt-get -q download kubernetes-client)
    local debs=("$tmp"/kubernetes-client_*.deb)
    [[ -f ${debs[0]} ]] || { rm -rf "$tmp"; die "apt-get download kubernetes-client gave no .deb"; }
    run dpkg-deb -x "${debs[0]}" "$tmp/root"
    [[ -x $tmp/root/usr/bin/kubectl ]] || { rm -rf "$tmp"; die "no usr/bin/kubectl in ${debs[0]##*/}"; }
    install -m 0755 "$tmp/root/usr/bin/kubectl" "$BIN_DIR/.kubectl.new"
    mv -f "$BIN_DIR/.kubectl.new" "$BIN_DIR/kubectl"
    rm -rf "$tmp"
    kubectl_ok || die "$BIN_DIR/kubectl does not run"
}

# ---------------------------------------------------------------- kube-apiserver

build_apiserver() {
    stage packages "installing the build tools (golang-go, dpkg-dev, rsync, make)"
    apt_update
    run apt_get install --no-install-recommends golang-go dpkg-dev rsync make xz-utils
    ensure_deb_src

    local go_dir=/usr/lib/go/bin
    [[ -x $go_dir/go ]] || go_dir=$(dirname "$(readlink -f "$(command -v go)")")
    say "[packages] using $("$go_dir/go" version)"

    stage source "fetching the kubernetes and reflect2 source packages"
    # A fixed path (runs are serialised by the lock): Go's build cache keys on the source
    # folder in GOPATH mode, so a rebuild in the same place reuses $CACHE/go-build.
    WORK=$CACHE/build/kube-apiserver-$K8S_VERSION
    if [[ -e $WORK ]]; then
        chmod -R u+w -- "$WORK"
        rm -rf -- "$WORK"
    fi
    mkdir -p "$WORK"
    (cd "$WORK" && run apt-get -q source kubernetes golang-github-modern-go-reflect2)

    local srcs r2s src r2 version
    srcs=("$WORK"/kubernetes-*/)
    r2s=("$WORK"/golang-github-modern-go-reflect2-*/)
    [[ ${#srcs[@]} == 1 && -d ${srcs[0]} ]] || die "expected one kubernetes-*/ source folder in $WORK"
    [[ ${#r2s[@]} == 1 && -d ${r2s[0]} ]] || die "expected one reflect2 source folder in $WORK"
    src=${srcs[0]%/}
    r2=${r2s[0]%/}
    version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
    say "[source] kubernetes $version"
    [[ $version == *"$K8S_VERSION"* ]] || die "source package kubernetes is $version, not $K8S_VERSION"
    [[ -d $src/cmd/kube-apiserver ]] || die "no cmd/kube-apiserver in the kubernetes source"

    stage reflect2 "replacing vendored reflect2 1.0.1 (crashes under Go >= 1.18) with ${r2##*/}"
    local vend=$src/vendor/github.com/modern-go/reflect2
    [[ -d $vend ]] || die "no $vend"
    find "$vend" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
    find "$r2" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' \
        -exec cp -t "$vend" {} +
    [[ -f $vend/reflect2.go ]] || die "reflect2 sources not copied"

    # Debian's Go only, offline, pure Go, no module mode (Kubernetes 1.20 builds in GOPATH mode).
    export PATH="$go_dir:$PATH"
    export GOCACHE="$CACHE/go-build" GOPROXY=off GOFLAGS="" GO111MODULE=off CGO_ENABLED=0
    export GOTOOLCHAIN=local
    unset GOROOT GOPATH

    stage openapi "make gen_openapi (generates pkg/generated/openapi/zz_generated.openapi.go)"
    local gen=$src/pkg/generated/openapi/zz_generated.openapi.go
    (cd "$src" && run make gen_openapi) || say "[openapi] first run failed, retrying"
    if [[ ! -s $gen ]]; then
        # Known pitfall: the generator can end up empty at _output/bin; use the one Go built.
        local built=$src/_output/local/go/bin/openapi-gen
        local host_arch
        host_arch=$("$go_dir/go" env GOARCH)
        if [[ -x $built ]]; then
            mkdir -p "$src/_output/local/bin/linux/$host_arch"
            cp -f "$built" "$src/_output/local/bin/linux/$host_arch/openapi-gen"
            chmod +x "$src/_output/local/bin/linux/$host_arch/openapi-gen"
        fi
        (cd "$src" && run make gen_openapi)
    fi
    [[ -s $gen ]] || die "make gen_openapi did not create $gen"

    stage build "go build ./cmd/kube-apiserver (about 5 minutes on 2 cores)"
    local gopath=$WORK/gopath
    mkdir -p "$gopath/src/k8s.io"
    ln -s "$src" "$gopath/src/k8s.io/kubernetes"
    local ldflags="-s -w" p
    for p in k8s.io/kubernetes/vendor/k8s.io/component-base/version \
        k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
        ldflags+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=$K8S_MAJOR"
        ldflags+=" -X $p.gitMinor=$K8S_MINOR -X $p.gitTreeState=clean"
    done
    local t0=$SECONDS
    (cd "$gopath/src/k8s.io/kubernetes" &&
        run env GOPATH="$gopath" go build -tags selinux,notest -ldflags "$ldflags" \
            -o "$WORK/kube-apiserver" ./cmd/kube-apiserver)
    say "[build] done in $((SECONDS - t0)) s, $(du -h "$WORK/kube-apiserver" | cut -f1)"

    stage install "installing kube-apiserver into $BIN_DIR"
    install -m 0755 "$WORK/kube-apiserver" "$BIN_DIR/.kube-apiserver.new"
    mv -f "$BIN_DIR/.kube-apiserver.new" "$BIN_DIR/kube-apiserver"
    apiserver_ok || die "installed kube-apiserver reports '$(apiserver_version)', not v$K8S_VERSION"
}

# ---------------------------------------------------------------- main

main() {
    while (($# > 0)); do
        case $1 in
        --rebuild) REBUILD=1 ;;
        -h | --help)
            usage
            exit 0
            ;;
        *) die "unknown argument: $1 (try --help)" ;;
        esac
        shift
    done

    stage check "looking for binaries"
    : "${HOME:?HOME must be set}"
    command -v dpkg >/dev/null 2>&1 || die "this script needs a Debian system (dpkg not found)"
    local arch
    arch=$(dpkg --print-architecture)
    DIR=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
    CACHE=${NOS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nos}
    BIN_DIR=$DIR/k8s/$K8S_VERSION-linux-$arch

    if ((REBUILD == 0)) && [[ -d $BIN_DIR ]] && layout_ok; then
        say "[check] cached and working in $BIN_DIR ($(apiserver_version))"
        printf '%s\n' "$DIR"
        return 0
    fi

    mkdir -p "$CACHE" "$BIN_DIR"
    # One run at a time per cache (CI and a developer may start it together).
    exec 9>"$CACHE/kube-test-env.lock"
    if ! flock -n 9; then
        say "[check] another run holds $CACHE/kube-test-env.lock, waiting for it"
        flock -w 3600 9 || die "timed out waiting for $CACHE/kube-test-env.lock"
    fi
    LOG=$CACHE/kube-test-env.log
    : >"$LOG"
    say "[check] command output goes to $LOG"

    local t0=$SECONDS
    etcd_ok || install_etcd
    kubectl_ok || install_kubectl
    if ((REBUILD == 1)) || ! apiserver_ok; then
        build_apiserver
    fi

    stage verify "checking $BIN_DIR"
    # Anything else in the folder (say, a leftover temp file) is removed.
    find "$BIN_DIR" -mindepth 1 -maxdepth 1 ! -name etcd ! -name kube-apiserver ! -name kubectl \
        -exec rm -rf -- {} +
    layout_ok || die "$BIN_DIR does not hold working etcd, kube-apiserver and kubectl"
    local etcd_v kubectl_v
    etcd_v=$(timeout 30 "$BIN_DIR/etcd" --version)
    kubectl_v=$(timeout 30 "$BIN_DIR/kubectl" version --client --short 2>/dev/null || echo '?')
    say "[verify] $(apiserver_version), ${etcd_v%%$'\n'*}, kubectl ${kubectl_v%%$'\n'*}"
    say "[done] in $((SECONDS - t0)) s; binaries in $BIN_DIR"
    printf '%s\n' "$DIR"
}

main "$@"
