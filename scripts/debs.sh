# Sourced by the scripts that run a mail server from Debian's packages without installing them
# (they conflict with the installed Dovecot and Postfix): the packages are downloaded with
# `apt-get download` and unpacked with `dpkg-deb -x` into a directory of their own.
#
#   unpack_debs NAME PACKAGE...   $SERVERS_ROOT/NAME/root holds the packages, unpacked (once)
#
# SERVERS_ROOT is POSTERN_SERVERS_ROOT [/var/cache/postern-servers]. Besides the PACKAGEs, their
# dependencies that are shared libraries (lib*) and not installed on the machine come along,
# recursively; a PACKAGE written `-NAME` is never fetched (a library of a part that is not used).
# The unpacked tree is reused while $SERVERS_ROOT/NAME/unpacked lists the same PACKAGEs, unpacked again
# when the list changes. Runs as root; `apt-get update` is run once if the package lists lack
# a package (a fresh machine has none).

SERVERS_ROOT=${POSTERN_SERVERS_ROOT:-/var/cache/postern-servers}

debs_apt_updated=

debs_apt_update() {
  [ -z "$debs_apt_updated" ] || return 1
  debs_apt_updated=1
  echo "debs: apt-get update" >&2
  apt-get update -qq >&2
}

debs_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# The Depends and Pre-Depends of package $1 (the candidate version), one group of alternatives
# a line, names only.
debs_depends() {
  apt-cache show --no-all-versions "$1" 2>/dev/null \
    | awk '/^(Pre-)?Depends:/ { sub(/^[^:]*: */, ""); print }' \
    | tr ',' '\n' \
    | sed -E 's/\([^)]*\)//g; s/:[a-z0-9]+//g; s/[[:space:]]*\|[[:space:]]*/ /g; s/^[[:space:]]+//; s/[[:space:]]+$//' \
    | grep -v '^$' || true
}

# debs_packages: the PACKAGEs and the libraries they need that the machine lacks.
debs_resolve() {
  local -A seen=() never=()
  local queue=() p alternatives first a satisfied
  debs_packages=()
  for p in "$@"; do
    case "$p" in -*) never[${p#-}]=1 ;; *) queue+=("$p"); seen[$p]=1 ;; esac
  done
  local i=0
  while [ "$i" -lt "${#queue[@]}" ]; do
    p=${queue[$i]}
    i=$((i + 1))
    if ! apt-cache show --no-all-versions "$p" >/dev/null 2>&1; then
      debs_apt_update && apt-cache show --no-all-versions "$p" >/dev/null 2>&1 \
        || { echo "debs: no package $p" >&2; return 1; }
    fi
    debs_packages+=("$p")
    while read -r alternatives; do
      satisfied=
      first=${alternatives%% *}
      for a in $alternatives; do
        if [ -n "${seen[$a]:-}" ] || debs_installed "$a"; then satisfied=1; break; fi
      done
      [ -z "$satisfied" ] || continue
      case "$first" in lib*) ;; *) continue ;; esac
      [ -z "${never[$first]:-}" ] || continue
      # A virtual package has no record of its own: left to the machine.
      apt-cache show --no-all-versions "$first" >/dev/null 2>&1 || continue
      seen[$first]=1
      queue+=("$first")
    done < <(debs_depends "$p")
  done
}

unpack_debs() {
  local name=$1
  shift
  local base="$SERVERS_ROOT/$name" want
  want=$(printf '%s\n' "$@")
  mkdir -p "$base"
  # Parallel starts (of any of these servers) wait for the first one's unpacking: one lock for
  # all, so that two never run `apt-get update` at once.
  local lock
  exec {lock}>"$SERVERS_ROOT/.lock"
  flock "$lock"
  if [ -d "$base/root" ] && [ "$(cat "$base/unpacked" 2>/dev/null)" = "$want" ]; then
    exec {lock}>&-
    return 0
  fi
  rm -rf "$base/root" "$base/debs" "$base/unpacked"
  mkdir -p "$base/root" "$base/debs"
  # apt downloads as its own user (_apt), which must be able to write there.
  id _apt >/dev/null 2>&1 && chown _apt "$base/debs"
  debs_resolve "$@" || { exec {lock}>&-; return 1; }
  if ! (cd "$base/debs" && apt-get download -q "${debs_packages[@]}" >download.log 2>&1); then
    if ! debs_apt_update || ! (cd "$base/debs" && apt-get download -q "${debs_packages[@]}" >download.log 2>&1); then
      cat "$base/debs/download.log" >&2
      echo "debs: could not download ${debs_packages[*]}" >&2
      exec {lock}>&-
      return 1
    fi
  fi
  local deb
  for deb in "$base/debs"/*.deb; do
    dpkg-deb -x "$deb" "$base/root"
  done
  printf '%s\n' "${debs_packages[@]}" >"$base/debs/packages"
  echo "$want" >"$base/unpacked"
  exec {lock}>&-
}
