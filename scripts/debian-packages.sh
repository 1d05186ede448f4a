# Sourced by the set-up scripts: installs the Debian packages given that are not
# installed yet (apt-get, through sudo when not root), quietly; does nothing, and needs
# no network, when all are there.
#
#   install_missing_debs LABEL PACKAGE...
install_missing_debs() {
  local label="$1" p
  shift
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$label: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
