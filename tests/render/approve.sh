#!/bin/sh
# Approves the current layout of every sample as its golden dump, on purpose:
# run it after a change to layout or templates, then read the diff before committing.
set -eu
cd "$(dirname "$0")/../.."
mkdir -p tests/render/golden
for f in samples/*.xml; do
  name=$(basename "$f" .xml)
  # Batches of hundreds of certificates are checked by counts, not by a golden dump.
  [ "$(grep -c '<recipient ' "$f")" -gt 20 ] && continue
  "${VANTHU:-build/vanthu}" render --dump-layout -o "tests/render/golden/$name.layout.txt" "$f"
done
git --no-pager diff --stat -- tests/render/golden || true
