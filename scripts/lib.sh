# Shared helpers for Brud's scripts: install what is missing, nothing more.
# Sourced, not run.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The pinned Rust toolchain and its wasm target (rust-toolchain.toml).
ensure_rust() {
  command -v cargo >/dev/null || { echo "cargo (rustup) is required" >&2; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# npm packages (wrangler with workerd) from package-lock.json, only when
# missing or when the lock file changed since the last install.
ensure_node_modules() {
  command -v npm >/dev/null || { echo "node and npm are required" >&2; exit 1; }
  local stamp=node_modules/.brud-lock
  if [ ! -x node_modules/.bin/wrangler ] || ! cmp -s package-lock.json "$stamp"; then
    say "installing npm packages (wrangler)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
}

# Writes the generated files the site publishes.
build_generated() {
  say "writing public/schema/report.v1.json"
  cargo run -q -p brud-shared --bin brud-schema > public/schema/report.v1.json.tmp
  mv public/schema/report.v1.json.tmp public/schema/report.v1.json
}
