"""Telling a book in a synced or network folder apart, without real mounts or services."""

from __future__ import annotations

import pytest

from refdesk.store.synced_folder import (
    kind_from_markers,
    kind_from_mounts,
    kind_from_parts,
    synced_folder_kind,
)

# As /proc/mounts reads on a laptop with a NAS, a server share, a laptop folder over
# ssh, a WSL drive and a mount point with a space (escaped as \040).
MOUNTS = r"""/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
/dev/nvme0n1p3 /home ext4 rw,relatime 0 0
nas:/volume1/home /home/sam/nas nfs4 rw,relatime,vers=4.2 0 0
//server/team /mnt/team cifs rw,relatime,vers=3.1.1 0 0
//server/team/Local\040Only /mnt/team/Local\040Only ext4 rw 0 0
sam@laptop:/home/sam /home/sam/laptop fuse.sshfs rw,nosuid,nodev 0 0
C:\134 /mnt/c 9p rw,noatime,aname=drvfs 0 0
/dev/sdb1 /mnt/usb vfat rw 0 0
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/sam/Dropbox/book.refdesk", "Dropbox"),
    ("/home/sam/Dropbox (Personal)/Work/book.refdesk", "Dropbox"),
    (r"C:\Users\Sam\OneDrive\Documents\book.refdesk", "OneDrive"),
    (r"C:\Users\Sam\OneDrive - Contoso Ltd\book.refdesk", "OneDrive"),
    ("/Users/sam/Library/CloudStorage/OneDrive-Personal/book.refdesk", "OneDrive"),
    ("/Users/sam/iCloud Drive/book.refdesk", "iCloud Drive"),
    ("/Users/sam/Library/Mobile Documents/com~apple~CloudDocs/book.refdesk", "iCloud Drive"),
    (r"C:\Users\Sam\iCloudDrive\book.refdesk", "iCloud Drive"),
    ("/Users/sam/Google Drive/book.refdesk", "Google Drive"),
    ("/Users/sam/Library/CloudStorage/GoogleDrive-sam@example.com/My Drive/b.refdesk",
     "Google Drive"),
    (r"G:\My Drive\book.refdesk", "Google Drive"),
    ("/home/sam/GoogleDrive/book.refdesk", "Google Drive"),
    ("/home/sam/dropbox/book.refdesk", "Dropbox"),  # case does not matter on Windows or macOS
    ("/Users/sam/Library/CloudStorage/Box-Box/book.refdesk", "Box"),
    (r"\\nas\books\book.refdesk", "SMB"),  # a Windows network path
    (r"\\?\UNC\nas\books\book.refdesk", "SMB"),
    (r"\\?\C:\Users\Sam\book.refdesk", None),  # a long local path
    ("//nas/books/book.refdesk", None),  # on POSIX, just a path that starts with //
    ("/home/sam/Documents/book.refdesk", None),
    ("/home/sam/dropbox-notes/book.refdesk", None),
    ("/home/sam/My Drivel/book.refdesk", None),
    ("book.refdesk", None),
])
def test_the_usual_sync_folders_are_named_by_their_path(path, kind):
    assert kind_from_parts(path) == kind


@pytest.mark.parametrize(("marker", "kind"), [
    (".stfolder", "Syncthing"),
    (".dropbox", "Dropbox"),
    (".owncloudsync.log", "Nextcloud or ownCloud"),
    (".sync/ID", "Resilio Sync"),
])
def test_a_marker_in_any_enclosing_folder_names_the_service(tmp_path, marker, kind):
    root = tmp_path / "Sync"
    (root / marker).parent.mkdir(parents=True, exist_ok=True)
    if marker == ".stfolder":
        (root / marker).mkdir()  # Syncthing's marker is a folder
    else:
        (root / marker).write_text("")
    book = root / "Clients" / "2026" / "book.refdesk"
    book.parent.mkdir(parents=True)
    assert kind_from_markers(str(book)) == kind
    assert synced_folder_kind(book, mounts="") == kind
    assert kind_from_markers(str(tmp_path / "elsewhere" / "book.refdesk")) is None


def test_markers_are_looked_up_through_the_given_exists():
    seen = []

    def exists(path):
        seen.append(path.replace("\\", "/"))
        return path.replace("\\", "/") == "/srv/shared/.stfolder"

    assert kind_from_markers("/srv/shared/books/book.refdesk", exists=exists) == "Syncthing"
    assert "/srv/shared/books/.stfolder" in seen  # the nearest folder first
    assert kind_from_markers("/srv/other/book.refdesk", exists=lambda p: False) is None


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/sam/nas/books/book.refdesk", "NFS"),
    ("/home/sam/nas", "NFS"),
    ("/home/sam/nasty/book.refdesk", None),  # a prefix of the name is not the mount
    ("/mnt/team/sales/book.refdesk", "SMB"),
    ("/mnt/team/Local Only/book.refdesk", None),  # a local disk mounted inside the share
    ("/home/sam/laptop/book.refdesk", "SSHFS"),
    ("/mnt/c/Users/Sam/book.refdesk", "9P"),
    ("/mnt/usb/book.refdesk", None),
    ("/home/sam/book.refdesk", None),
    ("/tmp/book.refdesk", None),
])
def test_network_file_systems_are_named_by_the_mount_holding_the_path(path, kind):
    assert kind_from_mounts(path, MOUNTS) == kind


@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p",
                                    "afs", "ceph", "fuse.rclone", "davfs", "fuse.gvfsd-fuse"])
def test_each_network_file_system_type_is_named(fstype):
    mounts = f"/dev/sda1 / ext4 rw 0 0\nremote:/x /data {fstype} rw 0 0\n"
    assert kind_from_mounts("/data/book.refdesk", mounts) is not None
    assert kind_from_mounts("/home/book.refdesk", mounts) is None


def test_the_last_mount_over_a_folder_wins():
    mounts = "/dev/sda1 / ext4 rw 0 0\nnas:/a /data nfs rw 0 0\n/dev/sdb1 /data ext4 rw 0 0\n"
    assert kind_from_mounts("/data/book.refdesk", mounts) is None
    assert kind_from_mounts("/data/book.refdesk", mounts.replace("/dev/sdb1 /data ext4",
                                                                 "/dev/sdb1 /other ext4")) == "NFS"


def test_odd_mount_text_names_nothing():
    assert kind_from_mounts("/data/book.refdesk", "") is None
    assert kind_from_mounts("/data/book.refdesk", "garbage\n\n  \nx y\n") is None


def test_a_plain_local_folder_is_not_synced(tmp_path):
    book = tmp_path / "books" / "book.refdesk"
    book.parent.mkdir()
    assert synced_folder_kind(book, mounts="/dev/sda1 / ext4 rw 0 0\n") is None
    assert synced_folder_kind(str(book), mounts=f"nas:/x {tmp_path} nfs4 rw 0 0\n") == "NFS"


def test_a_link_into_a_synced_folder_counts(tmp_path):
    dropbox = tmp_path / "Dropbox" / "Books"
    dropbox.mkdir(parents=True)
    (tmp_path / "Books").symlink_to(dropbox)
    assert synced_folder_kind(tmp_path / "Books" / "book.refdesk", mounts="") == "Dropbox"


def test_reading_the_real_mounts_never_fails(tmp_path):
    # Whatever this machine has mounted: an answer, not an exception.
    kind = synced_folder_kind(tmp_path / "book.refdesk")
    assert kind is None or isinstance(kind, str)
