#!/bin/sh
# Build stage of docker/Dockerfile: builds one service with Nx (its libraries first, through the
# `^build` dependency in nx.json) and, for the gateway, the SPAs; then copies into OUT only what the
# runtime stage needs, keeping the repository layout: services/<name>/dist, libs/<lib>/dist and, for
# the gateway, frontends/<app>/dist. package.json files come from the prod-deps stage.
#
#   sh docker/build-service.sh <service> <out>
set -eu

SERVICE="${1:-}"
OUT="${2:?usage: build-service.sh <service> <out>}"

case "$SERVICE" in
  gateway | identity | appointments | applications | documents | notifications) ;;
  *)
    echo "docker/build-service.sh: build with --build-arg SERVICE=<gateway|identity|appointments|applications|documents|notifications>, got '$SERVICE'" >&2
    exit 64
    ;;
esac

npx nx run "$SERVICE:build"
if [ "$SERVICE" = gateway ] && [ -d frontends ]; then
  # Every project tagged type:frontend (citizen, backoffice); Nx builds their libraries first.
  npx nx run-many --target=build --projects='tag:type:frontend'
fi

if [ ! -f "services/$SERVICE/dist/main.js" ]; then
  echo "docker/build-service.sh: services/$SERVICE/dist/main.js was not built" >&2
  exit 1
fi

mkdir -p "$OUT"
copy_dist() {
  mkdir -p "$OUT/$1"
  cp -R "$1/dist" "$OUT/$1/dist"
}
copy_dist "services/$SERVICE"
for lib in libs/*; do
  if [ -d "$lib/dist" ]; then copy_dist "$lib"; fi
done
if [ "$SERVICE" = gateway ]; then
  for app in frontends/*; do
    if [ -d "$app/dist" ]; then copy_dist "$app"; fi
  done
fi
