"""The bytes a page makes the browser load (PRODUCT.md §7): the landing page's JS + wasm + CSS,
and, for each lazy route (`cargo leptos build --split`), the landing's JS + wasm plus the chunks
the split manifest lists for it. Sizes raw, gzip -9 and brotli -q 11 (the `brotli` command).
Usage: bytes.py SITE_ROOT LANDING_HTML_FILE; prints a table, then two lines the caller reads:
`total-landing <brotli bytes>` and `total-largest-route <name> <brotli bytes>`."""
import glob
import gzip
import json
import os
import re
import subprocess
import sys

site, html_file = sys.argv[1], sys.argv[2]
pkg = os.path.join(site, "pkg")


def sizes(path):
    data = open(path, "rb").read()
    br = subprocess.run(["brotli", "-q", "11", "-c", path], capture_output=True, check=True).stdout
    return len(data), len(gzip.compress(data, 9)), len(br)


html = open(html_file, encoding="utf-8").read()
landing = sorted(set(re.findall(r"/pkg/[A-Za-z0-9_.-]+\.(?:js|wasm|css)", html)))
# The module loads the wasm of the same build and the split loader: count them even if the HTML
# only preloads them.
main_wasm = [p for p in glob.glob(os.path.join(pkg, "*.wasm")) if not os.path.basename(p).startswith(("chunk_", "split_"))]
loader = glob.glob(os.path.join(pkg, "__wasm_split.*.js"))
files = sorted(set([os.path.join(site, a.lstrip("/")) for a in landing] + main_wasm + loader))

print(f"{'landing page loads':<60} {'raw':>9} {'gzip':>9} {'brotli':>9}")
landing_br = 0
for f in files:
    raw, gz, br = sizes(f)
    print(f"{os.path.basename(f):<60} {raw:>9} {gz:>9} {br:>9}")
    if not f.endswith(".css"):
        landing_br += br
print(f"total-landing {landing_br}")

manifests = glob.glob(os.path.join(pkg, "__wasm_split_manifest.*.json"))
largest = ("none", landing_br)
if manifests:
    manifest = json.load(open(manifests[0]))
    print(f"{'lazy route: landing JS + wasm + its chunks':<60} {'':>9} {'':>9} {'brotli':>9}")
    for name, chunks in sorted(manifest.items()):
        total = landing_br + sum(sizes(os.path.join(pkg, c + ".wasm"))[2] for c in chunks)
        route = re.sub(r"^__|_view_\d+$", "", name)
        print(f"{route:<60} {'':>9} {'':>9} {total:>9}")
        if total > largest[1]:
            largest = (route, total)
print(f"total-largest-route {largest[0]} {largest[1]}")
