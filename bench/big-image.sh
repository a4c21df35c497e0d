#!/bin/bash
# big-image.sh - the large benchmark image: a Debian bookworm root filesystem with a few
# hundred packages as a two-layer OCI archive (mmdebstrap "standard", then the same plus
# python3, perl, git, curl, openssh-client, gcc, make and libssl-dev; gzip layers packed by
# bench/make-oci.py). Built only when OUT does not exist yet (a few minutes); shared by
# image-scan.sh and scan-vulns.sh.
#
# Usage: bench/big-image.sh OUT.oci.tar      (run from the repository root; needs
#        mmdebstrap and python3)
set -euo pipefail
big=$1
[ -f "$big" ] && exit 0
work=$(dirname "$big")
echo "building $big (mmdebstrap, a few minutes)" >&2
rm -rf "$work/root1" "$work/root2"
mmdebstrap --variant=standard --quiet bookworm "$work/root1" >&2
mmdebstrap --variant=standard --quiet \
	--include=python3,perl,git,curl,openssh-client,gcc,make,libssl-dev \
	bookworm "$work/root2" >&2
python3 bench/make-oci.py "$big" "$work/root1" "$work/root2"
rm -rf "$work/root1" "$work/root2"
