#!/usr/bin/env bash
# Draws the Teams app icons (needs ImageMagick: apt-get install -y imagemagick).
# color.png: 192x192, full colour. outline.png: 32x32, white on transparent, as Teams requires.
set -euo pipefail
cd "$(dirname "$0")"
/usr/bin/convert -size 192x192 xc:none \
  -fill '#1F5FAD' -draw 'roundrectangle 0,0 191,191 36,36' \
  -fill none -stroke white -strokewidth 14 \
  -draw 'circle 74,96 74,50' -draw 'circle 118,96 118,50' \
  -fill white -stroke none -draw 'circle 96,96 96,84' \
  -strip -depth 8 PNG32:color.png
/usr/bin/convert -size 32x32 xc:none \
  -fill none -stroke white -strokewidth 3 \
  -draw 'circle 12,16 12,7' -draw 'circle 20,16 20,7' \
  -fill white -stroke none -draw 'circle 16,16 16,14' \
  -strip PNG32:outline.png
