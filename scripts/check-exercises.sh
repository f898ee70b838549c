#!/usr/bin/env bash
# Checks every exercise of a curriculum with the real Go toolchain (see docs/curriculum.md):
#   - solution + tests: gofmt-clean, `go vet` clean, `go test` passes, and for exercises marked
#     `race: true` also `go test -race -count=$RACE_COUNT` (default 20; needs a C compiler);
#   - starter + tests: compiles (tests included) and `go test` FAILS (there is something to do).
# Usage: scripts/check-exercises.sh <curriculum-dir>
# Prints one line per exercise and exits non-zero if any exercise fails a check.
# Needs no network: GOPROXY=off, GOTOOLCHAIN=local; exercises may import only the standard library.
set -uo pipefail

if [[ $# -ne 1 || ! -d "$1" ]]; then
  echo "usage: $0 <curriculum-dir>" >&2
  exit 2
fi
root="${1%/}"

go_bin="${GO:-}"
if [[ -z "$go_bin" ]]; then
  if command -v go >/dev/null 2>&1; then go_bin="$(command -v go)"; else go_bin=/usr/local/go/bin/go; fi
fi
gofmt_bin="$(dirname "$go_bin")/gofmt"
if ! "$go_bin" version >/dev/null 2>&1; then
  echo "go toolchain not found (tried $go_bin); set GO=/path/to/go" >&2
  exit 2
fi
[[ -x "$gofmt_bin" ]] || gofmt_bin="gofmt"

work="$(mktemp -d "${TMPDIR:-/tmp}/check-exercises.XXXXXX")"
trap 'rm -rf "$work"' EXIT

export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOWORK=off GO111MODULE=on CGO_ENABLED=0 GOSUMDB=off
if [[ -z "${GOCACHE:-}" && -z "${HOME:-}" && -z "${XDG_CACHE_HOME:-}" ]]; then
  export GOCACHE="$work/gocache"
fi
export GOPATH="${GOPATH:-$work/gopath}"

race_count="${RACE_COUNT:-20}"
echo "checking exercises under $root with $("$go_bin" version)"

# prepare <exercise-dir> <starter|solution> <dest> <goVersion>: a module with the given side + the tests.
prepare() {
  local ex="$1" side="$2" dest="$3" gover="$4"
  mkdir -p "$dest"
  printf 'module exercise\n\ngo %s\n' "$gover" >"$dest/go.mod"
  cp "$ex/$side"/*.go "$dest/" 2>/dev/null || return 1
  cp "$ex/tests"/*_test.go "$dest/" 2>/dev/null || return 1
}

count() { # count <regex> <file>: lines matching, 0 if none
  grep -cE "$1" "$2" 2>/dev/null || true
}

# run <dir> <log> <cmd...>: runs cmd in dir; on failure appends its output to log. Returns cmd's status.
run() {
  local dir="$1" log="$2" out
  shift 2
  out="$(cd "$dir" && "$@" 2>&1)"
  local status=$?
  if [[ $status -ne 0 ]]; then printf '%s\n' "$out" >>"$log"; fi
  return $status
}

failures=0
total=0
shopt -s nullglob
for ex in "$root"/*/exercises/*/; do
  ex="${ex%/}"
  rel="${ex#"$root"/}"
  total=$((total + 1))
  n=$total
  problems=()
  log="$work/$n.log"
  : >"$log"

  gover="$(sed -nE 's/^goVersion:[[:space:]]*["'"'"']?([0-9]+\.[0-9]+)["'"'"']?.*$/\1/p' "$ex/exercise.yaml" 2>/dev/null | head -n1)"
  gover="${gover:-1.22}"

  unformatted="$(cd "$ex" && "$gofmt_bin" -l starter/*.go solution/*.go tests/*.go 2>&1)"
  if [[ -n "$unformatted" ]]; then
    problems+=("not gofmt-formatted: ${unformatted//$'\n'/ }")
  fi

  sol="$work/$n/solution"
  if ! prepare "$ex" solution "$sol" "$gover"; then
    problems+=("missing solution/*.go or tests/*_test.go")
  else
    if ! run "$sol" "$log" "$go_bin" vet ./...; then
      problems+=("go vet fails on solution + tests")
    elif ! run "$sol" "$log" "$go_bin" test -count=1 -timeout 60s ./...; then
      problems+=("tests fail against the reference solution")
    elif grep -qE '^race:[[:space:]]*true' "$ex/exercise.yaml" &&
      ! CGO_ENABLED=1 run "$sol" "$log" "$go_bin" test -race -count="$race_count" -timeout 300s ./...; then
      # The race detector needs cgo (and a C compiler); repeated runs catch flaky synchronisation.
      problems+=("reference fails under go test -race -count=$race_count")
    fi
  fi

  starter_summary=""
  st="$work/$n/starter"
  if ! prepare "$ex" starter "$st" "$gover"; then
    problems+=("missing starter/*.go or tests/*_test.go")
  else
    if ! run "$st" "$log" "$go_bin" test -count=1 -run '^$' ./...; then
      problems+=("starter + tests do not compile")
    else
      out="$work/$n/starter.out"
      if (cd "$st" && "$go_bin" test -count=1 -v -timeout 60s ./... >"$out" 2>&1); then
        problems+=("starter passes every test (it must fail at least one)")
      else
        failed="$(count '^[[:space:]]*--- FAIL' "$out")"
        passed="$(count '^[[:space:]]*--- PASS' "$out")"
        starter_summary="starter fails $failed of $((failed + passed)) tests"
        if [[ "$failed" -eq 0 ]]; then
          problems+=("starter fails without a failing test (panic or timeout?)")
          cat "$out" >>"$log"
        fi
      fi
    fi
  fi

  if [[ ${#problems[@]} -eq 0 ]]; then
    printf 'ok    %s (%s)\n' "$rel" "$starter_summary"
  else
    failures=$((failures + 1))
    for p in "${problems[@]}"; do
      printf 'FAIL  %s: %s\n' "$rel" "$p"
    done
    if [[ -s "$log" ]]; then sed 's/^/      | /' "$log"; fi
  fi
done

if [[ $total -eq 0 ]]; then
  echo "no exercises found under $root (expected <course>/exercises/<slug>/)" >&2
  exit 1
fi
if [[ $failures -gt 0 ]]; then
  echo "$failures of $total exercises failed" >&2
  exit 1
fi
echo "all $total exercises ok"
