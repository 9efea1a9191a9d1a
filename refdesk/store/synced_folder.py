"""Is a book in a folder that a sync service or a network file system shares?

A book is a SQLite file with a write-ahead log beside it. A sync service
(Dropbox, OneDrive, iCloud Drive, Google Drive, Syncthing...) copies the
two files separately, whenever it likes, and a network file system (NFS,
SMB, SSHFS, 9P...) rarely gives SQLite the locking and shared memory WAL
relies on: either can leave a damaged book. These guesses let the window
warn once and suggest a second backup folder; they never refuse a book.

Guesses, from the path's folder names, marker files the services leave in
the folder they sync, and (on Linux) the mount table. Each part is a pure
function of its inputs, so it is tested without any service or mount.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import re
import sys
from collections.abc import Callable

# Folder names, compared case-insensitively (Windows and macOS ignore case).
_FOLDER_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",  # iCloud for Windows
    "mobile documents": "iCloud Drive",  # ~/Library/Mobile Documents/com~apple~CloudDocs
    "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",  # Google Drive for desktop: G:\My Drive
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "synologydrive": "Synology Drive",
    "pcloud drive": "pCloud",
}
# Folder names that begin so: "Dropbox (Personal)", "OneDrive - Contoso Ltd".
_FOLDER_PREFIXES = (("dropbox (", "Dropbox"), ("onedrive - ", "OneDrive"),
                    ("icloud drive (", "iCloud Drive"))
# macOS File Provider folders, ~/Library/CloudStorage/<Provider>-<account>.
_CLOUD_STORAGE = {"dropbox": "Dropbox", "onedrive": "OneDrive", "googledrive": "Google Drive",
                  "box": "Box", "icloud": "iCloud Drive"}
# Files or folders a service keeps in the top folder it syncs.
_MARKERS = (
    (".stfolder", "Syncthing"),
    (".dropbox", "Dropbox"),
    (".owncloudsync.log", "Nextcloud or ownCloud"),
    (os.path.join(".sync", "ID"), "Resilio Sync"),
    (".SynologyWorkingDirectory", "Synology Drive"),
)
# Linux file system types (the third field of /proc/mounts).
_NETWORK_FILE_SYSTEMS = {
    "nfs": "NFS", "nfs4": "NFS",
    "cifs": "SMB", "smb3": "SMB", "smbfs": "SMB", "smb2": "SMB", "fuse.smbnetfs": "SMB",
    "fuse.sshfs": "SSHFS", "sshfs": "SSHFS",
    "9p": "9P",  # WSL 2's Windows drives, virtual machines' shared folders
    "drvfs": "DrvFs",  # WSL 1's Windows drives
    "vboxsf": "VirtualBox shared folder",
    "vmhgfs": "VMware shared folder", "fuse.vmhgfs-fuse": "VMware shared folder",
    "afs": "AFS", "ceph": "CephFS", "fuse.ceph": "CephFS",
    "glusterfs": "GlusterFS", "fuse.glusterfs": "GlusterFS",
    "lustre": "Lustre", "gpfs": "GPFS", "beegfs": "BeeGFS", "coda": "Coda",
    "davfs": "WebDAV", "fuse.davfs2": "WebDAV",
    "fuse.rclone": "rclone", "fuse.gvfsd-fuse": "GVFS", "fuse.kio-fuse": "KIO",
    "fuse.google-drive-ocamlfuse": "Google Drive", "fuse.onedriver": "OneDrive",
    "fuse.s3fs": "S3", "fuse.gcsfuse": "Google Cloud Storage",
}
_OCTAL = re.compile(r"\\([0-7]{3})")


def synced_folder_kind(path: str | os.PathLike[str], *, mounts: str | None = None) -> str | None:
    """The sync service or network file system holding ``path`` (a book), as a
    short name ("Dropbox", "iCloud Drive", "Syncthing", "NFS", "SMB"...), or
    None when it looks like a plain local folder. ``mounts`` is the text of
    /proc/mounts; None reads this machine's (Linux; nothing elsewhere)."""
    absolute = os.path.abspath(os.path.expanduser(os.fspath(path)))
    try:
        resolved = os.path.realpath(absolute)  # a link into ~/Dropbox counts
    except (OSError, ValueError):
        resolved = absolute
    for candidate in dict.fromkeys((absolute, resolved)):
        kind = kind_from_parts(candidate)
        if kind is not None:
            return kind
    kind = kind_from_markers(resolved)
    if kind is not None:
        return kind
    return kind_from_mounts(resolved, _system_mounts() if mounts is None else mounts)


def kind_from_parts(path: str) -> str | None:
    """The service a folder name on ``path`` (either separator) belongs to, or None.
    A Windows network path (\\\\server\\share) is "SMB"."""
    if _is_unc(path):
        return "SMB"
    parts = [p.casefold() for p in re.split(r"[\\/]+", path) if p]
    for i, part in enumerate(parts):
        if part in _FOLDER_NAMES:
            return _FOLDER_NAMES[part]
        for prefix, kind in _FOLDER_PREFIXES:
            if part.startswith(prefix):
                return kind
        if part == "cloudstorage" and i > 0 and parts[i - 1] == "library" and i + 1 < len(parts):
            provider = parts[i + 1].split("-", 1)[0]
            return _CLOUD_STORAGE.get(provider, provider.capitalize())
    return None


def kind_from_markers(path: str, *, exists: Callable[[str], bool] = os.path.exists) -> str | None:
    """The service whose marker file is in a folder enclosing ``path``
    (nearest first), asking ``exists`` about each candidate, or None."""
    folder = os.path.dirname(path)
    while True:
        for marker, kind in _MARKERS:
            if exists(os.path.join(folder, marker)):
                return kind
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def kind_from_mounts(path: str, mounts: str) -> str | None:
    """The network file system of the mount holding the absolute POSIX
    ``path``, per ``mounts`` (the text of /proc/mounts), or None."""
    best, best_type = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), fields[1])  # \040 is a space
        if not _holds(point, path):
            continue
        if len(point) >= len(best):  # the innermost; of equals, the last mounted
            best, best_type = point, fields[2]
    return None if best_type is None else _NETWORK_FILE_SYSTEMS.get(best_type)


def _holds(point: str, path: str) -> bool:
    point = posixpath.normpath(point)
    return path == point or path.startswith(point.rstrip("/") + "/")


def _is_unc(path: str) -> bool:
    r"""\\server\share\..., \\?\UNC\server\share\...; not \\?\C:\ or \\.\ devices."""
    if path.startswith(("\\\\?\\UNC\\", "\\\\?\\unc\\")):
        return True
    if not path.startswith("\\\\") or path.startswith(("\\\\?\\", "\\\\.\\")):
        return False
    drive = ntpath.splitdrive(path)[0]
    return drive.startswith("\\\\") and len(drive) > 2


def _system_mounts() -> str:
    if not sys.platform.startswith("linux"):
        return ""
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="surrogateescape") as fh:
            return fh.read()
    except OSError:
        return ""
