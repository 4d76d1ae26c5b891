# Shared helpers for Brud's scripts: install what is missing, nothing more.
# Sourced, not run.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false

# Each step with the seconds its script has run so far (where CI's time goes).
say() { printf '\033[1m==> %s\033[0m (%s s)\n' "$*" "$SECONDS" >&2; }

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
  cargo run -q -p brud-shared --bin brud-schema edpb > public/schema/edpb-notification.v1.json.tmp
  mv public/schema/edpb-notification.v1.json.tmp public/schema/edpb-notification.v1.json
}

TOOLS_CACHE="${BRUD_TOOLS_CACHE:-$HOME/.cache/brud}"
WORKER_BUILD_VERSION=0.8.7
WORKER_BUILD_BIN="$TOOLS_CACHE/worker-build-$WORKER_BUILD_VERSION/bin/worker-build"
WASM_BINDGEN_TOOL="$ROOT/target/tools/wasm-bindgen"

# worker-build, at the pinned version, in a per-user cache shared by clones.
ensure_worker_build() {
  if [ ! -x "$WORKER_BUILD_BIN" ]; then
    say "installing worker-build $WORKER_BUILD_VERSION (once per machine, a few minutes)"
    cargo install worker-build --version "$WORKER_BUILD_VERSION" --locked \
      --root "$TOOLS_CACHE/worker-build-$WORKER_BUILD_VERSION"
  fi
}

# The wasm-bindgen CLI at exactly Cargo.lock's version (tools/wasm-bindgen):
# built once per machine and version (about two and a half minutes on two
# cores, most of a fresh clone's first step) and kept in the tools cache,
# from where each clone copies it into target/tools.
ensure_wasm_bindgen() {
  local version cached
  version=$(grep -A1 '^name = "wasm-bindgen-cli"$' "$ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')
  [ -n "$version" ] || { echo "wasm-bindgen-cli is not in Cargo.lock" >&2; exit 1; }
  cached="$TOOLS_CACHE/wasm-bindgen-$version"
  if [ ! -x "$cached/wasm-bindgen" ] || [ ! -x "$cached/wasm-bindgen-test-runner" ]; then
    say "building the wasm-bindgen CLI $version (once per machine)"
    (cd "$ROOT" && cargo build -q --profile tools -p brud-wasm-bindgen)
    mkdir -p "$cached"
    cp "$ROOT/target/tools/wasm-bindgen" "$ROOT/target/tools/wasm-bindgen-test-runner" "$cached/"
  fi
  mkdir -p "$ROOT/target/tools"
  for tool in wasm-bindgen wasm-bindgen-test-runner; do
    cmp -s "$cached/$tool" "$ROOT/target/tools/$tool" || cp "$cached/$tool" "$ROOT/target/tools/$tool"
  done
}

# Everything the Worker build needs.
ensure_worker_tools() {
  ensure_rust
  ensure_node_modules
  ensure_worker_build
  ensure_wasm_bindgen
}

# Applies the D1 migrations to the local database (in .wrangler/state, or
# the directory given).
migrate_local() {
  local persist=()
  [ -n "${1:-}" ] && persist=(--persist-to "$1")
  node_modules/.bin/wrangler d1 migrations apply DB --local "${persist[@]}" >/dev/null
}

# Local secrets (.dev.vars, git-ignored): a signing secret per organisation
# generated once; an organisation added later gets its own on the next run.
ensure_dev_vars() {
  # The names come from the domain (brud_shared::secret), via brud-config.
  local names name
  names=$(cargo run -q -p brud-config -- secret-names)
  touch .dev.vars
  for name in $names; do
    if ! grep -q "^$name=" .dev.vars; then
      say "adding a fresh local $name to .dev.vars"
      echo "$name=whsec_$(head -c 32 /dev/urandom | base64 -w0)" >> .dev.vars
    fi
  done
  if ! grep -q "^LOG_SIGNING_KEY=" .dev.vars; then
    say "adding a fresh local log key (LOG_SIGNING_KEY) to .dev.vars"
    echo "LOG_SIGNING_KEY=$(new_log_signing_key)" >> .dev.vars
  fi
}

# The log key every case log's head is signed with (worker/src/log_key.rs):
# an Ed25519 private key, PKCS #8 DER, base64 on one line.
new_log_signing_key() {
  openssl genpkey -algorithm ed25519 -outform DER | base64 -w0
}

# Debian's Chromium and ChromeDriver for the browser tests (never a
# browser download).
ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver (Debian)"
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A stack (brud-stack: the Worker in workerd on a fresh local D1, the sink,
# the local Access stand-in and its front door) whose D1 is seeded with
# COUNT cases of the demo school over YEARS years
# (tests/src/bin/brud-seed-cases.rs). Sets BASE (the Worker), FRONT (the
# front door, for a browser), ISSUER (the token issuer) and LOG (what the
# Worker printed); stops everything and removes the state on exit.
start_seeded_desk() {
  local count="$1" years="${2:-1}" started where
  ensure_worker_tools
  scripts/build-worker
  cargo build -q -p brud-stack -p brud-e2e --bin brud-stack --bin brud-seed-cases
  SEEDED_DIR=$(mktemp -d)
  say "seeding $count cases of the demo school over $years year(s)"
  started=$(date +%s)
  scripts/example-report demo | target/debug/brud-seed-cases demo "$count" "$years" > "$SEEDED_DIR/seed.sql"
  # workerd opens a large local D1 slowly (100,000 cases: over a minute).
  target/debug/brud-stack --name bench --aud brud-bench --front --seed "$SEEDED_DIR/seed.sql" \
    --wait 450 --remove-state >"$SEEDED_DIR/stack.out" 2>"$SEEDED_DIR/stack.err" &
  SEEDED_STACK=$!
  trap 'kill $SEEDED_STACK 2>/dev/null; rm -rf "$SEEDED_DIR"' EXIT
  until [ -s "$SEEDED_DIR/stack.out" ]; do
    kill -0 "$SEEDED_STACK" 2>/dev/null || { echo "the seeded stack did not start:" >&2; tail -20 "$SEEDED_DIR/stack.err" >&2; return 1; }
    sleep 0.5
  done
  where=$(head -1 "$SEEDED_DIR/stack.out")
  field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$where" "$1"; }
  BASE=$(field base); FRONT=$(field front); ISSUER=$(field issuer); LOG=$(field log)
  say "seeded and started in $(( $(date +%s) - started )) s ($(du -h "$SEEDED_DIR/seed.sql" | cut -f1) of SQL)"
}
