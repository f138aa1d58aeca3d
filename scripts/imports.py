#!/usr/bin/env python3
"""Prints which of kabinet's top modules import which, and fails on an arrow that points up.

Reads every `crate::…`, `super::…` and `kabinet::…` path under src/ (inside `use` trees too),
groups modules into layers (server's modules one level deeper: server::services, server::store…),
and checks the house rules of STYLE.md: dependencies point down only, only the composition root
names the sandboxes, the services form no cycle among themselves, SQL is written only in the
store (and in the sandboxes, for their own tables), and no file (tests aside) is over 450 lines. Exit status 1 on a violation; `--quiet` prints only the violations.
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src"

# A file doing one job fits in this many lines (STYLE.md: small files).
MAX_LINES = 450

# Higher imports lower, never the other way. Equal ranks may not import each other (except a
# layer itself). The composition root (startup) and the binary may import anything.
RANK = {
    "main": 100,
    "startup": 90,
    "app": 80,
    "ui": 70,
    "api": 60,
    "server::http": 60,
    "server::sandbox": 60,
    "server::jobs": 50,
    "server::services": 40,
    "server::request": 37,
    "server::state": 35,
    "server::auth": 30,
    "server::documents": 30,
    "server::ports": 25,
    "server::store": 20,
    "server::db": 10,
    "server::error": 10,
    "server::vault": 10,
    "server::images": 10,
    "server": 10,
    "server::secrets": 9,
    "server::config": 8,
    "wire": 5,
    "i18n": 3,
    "domain": 0,
    "lib": 0,
}


# Arrows the ranks would allow but STYLE.md forbids: the screens never name the server, and only
# the store speaks SQL.
NEVER = [("ui", "server"), ("wire", "server"), ("domain", ""), ("api", "server::store")]

# Modules only the composition root may name: production code never reaches a sandbox.
ONLY_FROM_ROOT = ["server::sandbox"]


def forbidden(src: str, dst: str) -> bool:
    for s, d in NEVER:
        if src == s and (d == "" or dst == d or dst.startswith(d + "::")):
            return True
    return dst in ONLY_FROM_ROOT and src not in ("startup", "main")


def module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def layer(module: list[str]) -> str:
    if not module:
        return "lib"
    if module[0] == "server" and len(module) > 1:
        return "server::" + module[1]
    return module[0]


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return re.sub(r"//[^\n]*", "", text)


def expand(tree: str) -> list[str]:
    """`a::{b, c::{d, e}}` → [a::b, a::c::d, a::c::e] (enough of the grammar for our paths)."""
    tree = tree.strip()
    m = re.match(r"^([\w:]*?)(::)?\{(.*)\}$", tree, flags=re.S)
    if not m:
        return [tree]
    prefix, inner = m.group(1), m.group(3)
    items, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    out = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        for sub in expand(item):
            out.append(f"{prefix}::{sub}" if prefix else sub)
    return out


def references(text: str, module: list[str]) -> list[list[str]]:
    refs = []
    # `use` trees, which may span lines and nest braces
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        for path in expand(m.group(1)):
            refs.append(path)
    # paths written inline
    for m in re.finditer(r"(?<![\w:])((?:crate|super|kabinet)(?:::\w+)+)", text):
        refs.append(m.group(1))
    resolved = []
    for path in refs:
        parts = [p.strip() for p in re.split(r"::", path.split(" as ")[0]) if p.strip()]
        if not parts:
            continue
        if parts[0] in ("crate", "kabinet"):
            resolved.append(parts[1:])
        elif parts[0] == "super":
            base = module[:]
            while parts and parts[0] == "super":
                base = base[:-1]
                parts = parts[1:]
            resolved.append(base + parts)
    return resolved


def main() -> int:
    quiet = "--quiet" in sys.argv
    edges: dict[str, set[str]] = defaultdict(set)
    services: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for path in sorted(ROOT.rglob("*.rs")):
        module = module_of(path)
        text = strip_comments(path.read_text())
        # the test modules inside a file may reach anywhere
        text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
        src = layer(module)
        for target in references(text, module):
            if not target:
                continue
            dst = layer(target)
            if dst == src:
                if src == "server::services" and len(module) > 2 and len(target) > 2:
                    # items of services/mod.rs itself (the request's Ctx) are not a service
                    if target[2] != module[2] and target[2] not in ("Ctx",):
                        services[module[2]].add(target[2])
                continue
            if dst not in RANK:
                continue
            edges[src].add(dst)
            where.setdefault((src, dst), str(path.relative_to(ROOT.parent)))

    violations = []
    for src, dsts in sorted(edges.items()):
        for dst in sorted(dsts):
            if RANK.get(dst, 0) >= RANK.get(src, 0):
                violations.append(f"upward: {src} → {dst} ({where[(src, dst)]})")
            elif forbidden(src, dst):
                violations.append(f"forbidden: {src} → {dst} ({where[(src, dst)]})")

    # cycles among the services (each file a node)
    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, trail = stack.pop()
            for nxt in services.get(node, ()):
                if nxt == start:
                    return trail + [start]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + [nxt]))
        return None

    reported = set()
    for node in sorted(services):
        cyc = cycle_from(node)
        if cyc and frozenset(cyc) not in reported:
            reported.add(frozenset(cyc))
            violations.append("cycle among services: " + " → ".join(cyc))

    if not quiet:
        print("imports between top modules (→ means 'imports'):")
        for src in sorted(edges, key=lambda s: -RANK.get(s, 0)):
            print(f"  {src:18} → {', '.join(sorted(edges[src], key=lambda d: -RANK.get(d, 0)))}")
        print("services importing services:")
        for src in sorted(services):
            print(f"  {src:18} → {', '.join(sorted(services[src]))}")
    # SQL only in the store (the sandboxes keep their own tables: they stand in for another
    # company's system; the pool's readiness probe is db.rs's)
    for path in sorted(ROOT.rglob("*.rs")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("server/store/", "server/sandbox/")) or rel == "server/db.rs":
            continue
        code = re.split(r"#\[cfg\(test\)\]\s*mod tests", strip_comments(path.read_text()))[0]
        if re.search(r"\bsqlx::query(_as|_scalar)?\b|\.try_get\(", code):
            violations.append(f"SQL outside the store: {path.relative_to(ROOT.parent)}")

    # no file over MAX_LINES, counted up to its test module (tests aside)
    for path in sorted(ROOT.rglob("*.rs")):
        if path.name == "tests.rs":
            continue
        text = path.read_text()
        lines = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0].count("\n")
        if lines > MAX_LINES:
            violations.append(f"too long: {path.relative_to(ROOT.parent)} has {lines} lines (over {MAX_LINES})")

    for v in violations:
        print(v)
    if not violations and not quiet:
        print("no arrow upward, no cycle among server::services")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
