#!/usr/bin/env bash
# What the browser tests need from the system: Chromium (driven by Playwright, no browser download), zbarimg
# (decodes the QR codes the tests generate) and a Japanese font (so the Japanese page's screenshot shows its text,
# not empty boxes; 3.5 MB). Idempotent: installs only what is missing, with apt, as root.
set -euo pipefail

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
[[ -n "$(fc-list :lang=ja 2>/dev/null)" ]] || missing+=(fonts-ipafont-gothic)
(( ${#missing[@]} == 0 )) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "browser-deps: ${missing[*]} missing and not root; install them with: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "== installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; update first, and again if the install cannot find a package.
if ! compgen -G "/var/lib/apt/lists/*_Packages" >/dev/null; then apt-get update -qq; fi
apt-get install -y -qq "${missing[@]}" >/dev/null \
  || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
