"""Refresh the vendored TensorFlow.js files of the in-page race from the npm registry.

    python tools/vendor_tfjs.py            # fetch with `npm pack`, rewrite _assets/vendor/tfjs/
    python tools/vendor_tfjs.py --check    # only verify the shipped files against MANIFEST.json

The book ships the minimal set: tfjs-core, the wasm backend and its SIMD .wasm (version pinned
below). A page opened from disk (file://) cannot fetch a worker's scripts or a .wasm file, so each
library ships as a classic script that stores its exact text in a string (the race's Blob workers
run it), and the .wasm as base64. MANIFEST.json records, for every shipped file, its sha256, the
npm file it comes from and that file's sha256, so anyone can check the bytes against the registry.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "4.22.0"
ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "_assets" / "vendor" / "tfjs"
LICENCE_SOURCE = Path("/usr/share/common-licenses/Apache-2.0")  # the tfjs packages ship none
# shipped file -> (npm package, file in its tarball, how it is wrapped)
FILES = {
    "tfjs-core.js": ("@tensorflow/tfjs-core", "package/dist/tf-core.min.js", "text"),
    "tfjs-backend-wasm.js": (
        "@tensorflow/tfjs-backend-wasm",
        "package/dist/tf-backend-wasm.min.js",
        "text",
    ),  # noqa: E501
    "tfjs-backend-wasm-simd.js": (
        "@tensorflow/tfjs-backend-wasm",
        "package/dist/tfjs-backend-wasm-simd.wasm",
        "base64",
    ),  # noqa: E501
}
GLOBAL = "RESNET_RACE_LIBS"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def wrap(name: str, source: str, data: bytes, how: str) -> bytes:
    """The shipped classic script: one line of comment, then the source as a JS string."""
    value = data.decode("utf-8") if how == "text" else base64.b64encode(data).decode("ascii")
    head = (
        f"// {source} (npm, version {VERSION}), Apache-2.0 (LICENSE): its exact "
        f"{'text' if how == 'text' else 'bytes, in base64'}, as a string for the race's workers.\n"
    )
    body = f"(self.{GLOBAL} = self.{GLOBAL} || {{}})[{json.dumps(name)}] = {json.dumps(value)};\n"
    return (head + body).encode("utf-8")


def unwrap(shipped: bytes, how: str) -> bytes:
    """The npm file's bytes back from a shipped script (the inverse of ``wrap``)."""
    line = shipped.decode("utf-8").split("\n")[1]
    value = json.loads(line[line.index("] = ") + 4 : -1])
    return value.encode("utf-8") if how == "text" else base64.b64decode(value)


def npm_pack(package: str, into: Path) -> tuple[Path, dict]:
    out = subprocess.run(
        ["npm", "pack", "--json", f"{package}@{VERSION}", "--pack-destination", str(into)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    info = json.loads(out.stdout)[0]
    return into / info["filename"], {"integrity": info["integrity"], "shasum": info["shasum"]}


def refresh() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    manifest = {"version": VERSION, "licence": "Apache-2.0", "packages": {}, "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tarballs = {}
        for package in sorted({p for p, _, _ in FILES.values()}):
            tarballs[package], manifest["packages"][package] = npm_pack(package, Path(tmp))
        for name, (package, member, how) in FILES.items():
            with tarfile.open(tarballs[package]) as tar:
                data = tar.extractfile(member).read()
            shipped = wrap(name, f"{package}/{member.removeprefix('package/')}", data, how)
            (FOLDER / name).write_bytes(shipped)
            manifest["files"][name] = {
                "from": f"{package}@{VERSION}:{member.removeprefix('package/')}",
                "source_sha256": sha256(data),
                "wrapped_as": how,
                "sha256": sha256(shipped),
            }
    (FOLDER / "LICENSE").write_text(LICENCE_SOURCE.read_text())
    (FOLDER / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(FILES)} files of tfjs {VERSION} to {FOLDER.relative_to(ROOT)}")


def check() -> list[str]:
    """Problems with the shipped files (none: an empty list)."""
    manifest = json.loads((FOLDER / "MANIFEST.json").read_text())
    problems = []
    for name, entry in manifest["files"].items():
        shipped = (FOLDER / name).read_bytes()
        if sha256(shipped) != entry["sha256"]:
            problems.append(f"{name}: sha256 differs from MANIFEST.json")
        if sha256(unwrap(shipped, entry["wrapped_as"])) != entry["source_sha256"]:
            problems.append(f"{name}: its content is not the npm file's")
    if not (FOLDER / "LICENSE").is_file():
        problems.append("LICENSE is missing")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="verify only; fetch nothing")
    args = parser.parse_args(argv)
    if not args.check:
        refresh()
    problems = check()
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
