#!/usr/bin/env bash
# Records the API bundles of the committed tree as release VERSION in cnf/releases: the baseline
# that bnd-baseline-maven-plugin compares every later build against, so an incompatible change
# to an exported package without a major version bump fails the build.
#   cnf/release-api.sh 1.0.0
set -euo pipefail
version=${1:?usage: cnf/release-api.sh VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
api_modules=core.call,core.proxy,hw.usb,emu

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$root" archive HEAD | tar -x -C "$work"
snapshot=$(sed -n 's|^  <version>\(.*-SNAPSHOT\)</version>$|\1|p' "$root/cnf/pom.xml")
grep -rl --include=pom.xml -F "$snapshot" "$work" | xargs sed -i "s|$snapshot|$version|g"
mkdir -p "$work/.mvn"
mvn -B -q -f "$work/pom.xml" -pl "$api_modules" -am -DskipTests -Dbnd.baseline.skip=true \
    -DaltDeploymentRepository="dialtone-releases::file://$root/cnf/releases" deploy
echo "released $api_modules as $version into cnf/releases"
