# --timeline FILE.svg|FILE.html: a self-contained Gantt chart of the run. Beyond its text,
# it is rendered by headless Chromium, and the picture must show the bars in their colours.
source "$(dirname "$0")/lib.sh"

cat > jobs.json <<'EOF'
[ { "name": "fetch", "cmd": "sleep 0.2" },
  { "name": "compile", "cmd": "sleep 0.3", "needs": ["fetch"] },
  { "name": "broken <&>", "cmd": "sleep 0.2; exit 1" },
  { "name": "never", "cmd": "true", "needs": ["broken <&>"] },
  { "name": "docs", "argv": ["sleep", "0.4"] } ]
EOF

case_ "the SVG: a bar per job with a hover title, slots, axis, legend; nothing fetched"
expect_status 2 "$PRUN" -j2 -f jobs.json --timeline run.svg
svg=$(cat run.svg)
expect_match "$svg" "^<\?xml version=\"1.0\" encoding=\"UTF-8\"\?>"
expect_eq "$(grep -c '<title>' run.svg)" 5 "a hover title per job"
expect_match "$svg" "<title>broken &lt;&amp;&gt; \(job 3\)"
expect_match "$svg" ">slot 2<" "slot rows"
expect_match "$svg" ">skipped<" "a row for skipped jobs"
expect_match "$svg" ">ok \(3\)<" "legend"
expect_match "$svg" ">failed \(1\)<" "legend"
expect_match "$svg" ">0\.[0-9]+ s<" "time axis"
if grep -Eq '<script|href=|url\(|@import' run.svg; then fail "the SVG refers to something outside it"; fi
if command -v python3 > /dev/null; then
  python3 -c 'import xml.dom.minidom as m; m.parse("run.svg")' || fail "the SVG is not well-formed XML"
fi

case_ "an .html name gives a page holding the chart"
expect_status 2 "$PRUN" -j2 -f jobs.json --timeline run.html
expect_match "$(head -1 run.html)" "^<!DOCTYPE html>"
expect_match "$(cat run.html)" "<svg xmlns="

case_ "Chromium renders it: a picture with the status colours, not a blank page"
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || skip "chromium is not installed (apt-get install chromium)"
command -v python3 > /dev/null || skip "python3 is needed to read the PNG"
page=run.svg # the .html page holds the same SVG
profile=$(mktemp -d)
timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
  --screenshot="$SCRATCH/$page.png" --window-size=1000,300 "file://$SCRATCH/$page" \
  > chromium.log 2>&1 || true
rm -rf "$profile"
[ -s "$page.png" ] || { cat chromium.log >&2; fail "chromium made no screenshot of $page"; }
python3 - "$page.png" <<'EOF' || fail "the rendered $page does not show the chart"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
bpp = 3 if colour == 2 else 4
raw, stride = zlib.decompress(idat), width * bpp
prev, counts = bytearray(stride), {}
for y in range(height):
    kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        rgb = bytes(line[x:x + 3])
        counts[rgb] = counts.get(rgb, 0) + 1
    prev = line
ok, failed, skipped = bytes.fromhex("2e9d5b"), bytes.fromhex("d64541"), bytes.fromhex("9aa0a8")
assert len(counts) > 20, f"only {len(counts)} colours: a blank page?"
assert counts.get(ok, 0) > 2000, f"ok bars: {counts.get(ok, 0)} pixels"
assert counts.get(failed, 0) > 500, f"failed bar: {counts.get(failed, 0)} pixels"
assert counts.get(skipped, 0) > 50, f"skipped marker: {counts.get(skipped, 0)} pixels"
EOF
