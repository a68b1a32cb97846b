#!/bin/sh
# Prints the words GNU as makes of the riscv64 assembly on stdin as C++ initializer lines with the
# source as comment, for pasting into the interpreter tests (GNU as is their outside encoder).
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/in.s"
riscv64-linux-gnu-as -march=rv64gc_zba_zbb_zbs "$tmp/in.s" -o "$tmp/in.o"
riscv64-linux-gnu-objdump -d -M no-aliases "$tmp/in.o" |
  sed -n 's/^ *[0-9a-f]*:\t\([0-9a-f]*\) *\t\(.*\)$/\1 \2/p' |
  while read -r raw text; do
    printf '0x%s,  // %s\n' "$raw" "$(printf '%s' "$text" | tr '\t' ' ' | sed 's/ *#.*$//')"
  done
