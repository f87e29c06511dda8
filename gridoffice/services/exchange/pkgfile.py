"""The package file: a zip with ``manifest.json`` (what the package is, the SHA-256 of every
other member), ``manifest.sig`` (the office's Ed25519 signature of the manifest's bytes) and
the members. A receipt is the same kind of file with one member less to verify."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridoffice.i18n import tr
from gridoffice.services.exchange import ExchangeError, keys
from gridoffice.store import outputs

PACKAGE_FORMAT = "gridoffice-package/1"
RECEIPT_FORMAT = "gridoffice-receipt/1"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"


class Tampered(ExchangeError):
    """The file was changed after it was signed (or was never a package)."""


@dataclass(frozen=True)
class Signed:
    manifest: dict[str, Any]
    members: dict[str, bytes]
    sha256: str  # of the whole file: what the receipt and the cover sheet name

    @property
    def office(self) -> dict[str, Any]:
        return dict(self.manifest.get("office") or {})


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write(target: Path, manifest: dict[str, Any], members: dict[str, bytes], key: Any, *, db: object = None) -> str:
    """Write the signed file through the output guard; returns its SHA-256."""
    manifest = dict(manifest)
    manifest["members"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                           for name, data in members.items()}
    body = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    with outputs.atomic_output(target, db=db) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, body)
            zf.writestr(SIGNATURE, keys.sign(key, body))
            for name, data in members.items():
                zf.writestr(name, data)
    return sha256_file(Path(target))


def read(path: Path, expect: str) -> Signed:
    """Open and verify: the signature over the manifest by the key the manifest names, and every
    member's hash. Whether that key is the one registered for the office is the caller's check."""
    path = Path(path)
    if not path.is_file():
        raise ExchangeError(tr("找不到文件 {path}。").format(path=path))
    bad = Tampered(tr("文件 {name} 已损坏或被改动过（校验值或签名不符），没有导入任何数据。请向对方索取原文件。")
                   .format(name=path.name))
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if MANIFEST not in names or SIGNATURE not in names:
                raise bad
            body = zf.read(MANIFEST)
            signature = zf.read(SIGNATURE).decode("ascii", "replace").strip()
            manifest = json.loads(body.decode("utf-8"))
            listed = manifest.get("members") or {}
            if set(listed) != names - {MANIFEST, SIGNATURE}:
                raise bad
            members = {name: zf.read(name) for name in listed}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, json.JSONDecodeError, OSError,
            KeyError, ValueError, EOFError) as exc:
        raise bad from exc
    if not isinstance(manifest, dict) or manifest.get("format") != expect:
        if isinstance(manifest, dict) and str(manifest.get("format", "")).split("/")[0] == expect.split("/")[0]:
            raise ExchangeError(tr("文件 {name} 由更新版本的网格办公生成（格式 {fmt}），请先升级本程序。")
                                .format(name=path.name, fmt=manifest.get("format")))
        raise ExchangeError(tr("文件 {name} 不是网格办公的数据包或回执。").format(name=path.name))
    public = str((manifest.get("office") or {}).get("public_key", ""))
    if not keys.verify(public, body, signature):
        raise bad
    for name, data in members.items():
        if hashlib.sha256(data).hexdigest() != (listed[name] or {}).get("sha256"):
            raise bad
    return Signed(manifest, members, sha256_file(path))
