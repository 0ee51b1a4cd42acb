#!/usr/bin/env bash
# README command 1: set up, build, start a local demo mail stack (Dovecot + Postfix on loopback
# ports, demo users and mail), then run Postern on http://127.0.0.1:3000 in the foreground.
# Ctrl-C stops Postern; the mail stack keeps running (scripts/mailstack.sh stop /tmp/postern-demo-mail).
# scripts/cluster.sh runs the same demo as the outage-day deployment (Redis, two instances,
# HAProxy).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=demo-stack.sh
source scripts/demo-stack.sh "$@"
demo_banner ""
export LEPTOS_SITE_ADDR=127.0.0.1:3000
exec "$postern_bin"
