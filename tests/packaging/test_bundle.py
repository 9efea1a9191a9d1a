"""packaging/build.sh end to end: the bundle runs with no Python or venv in
sight, and the .deb installs a working `refdesk` that an upgrade does not
cut off from the user's book. Only with REFDESK_PACKAGING=1 (conftest.py);
installing the .deb needs root and apt."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "refdesk"
APP_ID = "io.github.refdesk.refdesk"
MAX_BUNDLE_MB = 400
X_LIBRARIES = ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1")
# Another apt or dpkg run on the machine holds the lock for a while: wait.
APT_WAIT = ("-o", "DPkg::Lock::Timeout=600")


@pytest.fixture(scope="module")
def deb() -> Path:
    """Run packaging/build.sh once; the .deb it made (the bundle is beside it)."""
    subprocess.run([str(ROOT / "packaging" / "build.sh")], cwd=ROOT, check=True, timeout=15 * 60)
    (built,) = (ROOT / "dist").glob("refdesk_*_amd64.deb")
    return built


def smoke(command: str, home: Path, *args: str) -> dict:
    """`command --smoke-test` offscreen in a bare environment: no venv, no
    PYTHONPATH, nothing of this test's own; its JSON line."""
    env = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={home}", "QT_QPA_PLATFORM=offscreen"]
    result = subprocess.run([*env, command, *args, "--smoke-test"], capture_output=True,
                            text=True, timeout=300, cwd=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_bundle_runs_alone_lean_and_with_the_offscreen_platform(deb, tmp_path):
    report = smoke(str(BUNDLE / "refdesk"), tmp_path, "--demo")
    assert report["contacts_shown"] > 0
    assert Path(report["book"]).is_relative_to(tmp_path)  # the demo book in that HOME
    size = sum(f.stat().st_size for f in BUNDLE.rglob("*") if f.is_file() and not f.is_symlink())
    assert size < MAX_BUNDLE_MB * 2**20, f"{size / 2**20:.0f} MB"
    files = {f.name for f in BUNDLE.rglob("*")}
    assert "libqoffscreen.so" in files and "libqxcb.so" in files
    unused = {f for f in files
              if re.match(r"libQt6(WebEngine|Qml|Quick|Multimedia|3D)|lib(gtk|gdk)-3\.", f)}
    assert not unused
    uses_charts = any("PySide6.QtCharts" in f.read_text(encoding="utf-8")
                      for f in (ROOT / "refdesk").rglob("*.py"))
    if uses_charts:  # reports draw with Qt Charts: the bundle must carry it
        assert {"QtCharts.abi3.so", "libQt6Charts.so.6"} <= files
    fonts = BUNDLE / "_internal" / "refdesk" / "resources" / "fonts"
    assert len(list(fonts.rglob("*.ttf"))) >= 5


def test_the_bundle_runs_a_lazily_imported_sub_command(deb, tmp_path):
    env = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={tmp_path}"]
    book = tmp_path / "b.refdesk"
    bundle = str(BUNDLE / "refdesk")
    subprocess.run([*env, bundle, "demo", "--contacts", "30", "--db", str(book),
                    "--as-of", "2026-11-22"], check=True, capture_output=True, timeout=120)
    today = subprocess.run([*env, bundle, "today", "--db", str(book), "--as-of", "2026-11-22",
                            "--json"], capture_output=True, text=True, timeout=120)
    assert today.returncode == 0, today.stderr
    assert json.loads(today.stdout)


def test_the_bundle_caches_its_phone_rules_keyed_by_its_executable(deb, tmp_path):
    """The bundle keeps phonenumbers in its archive, not as files: its phone
    rules cache (refdesk.exchange.phone_rules) is keyed by the executable, and
    an import of "+" numbers writes it and reads it back."""
    env = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={tmp_path}"]
    people = tmp_path / "people.csv"
    people.write_text("First Name,Last Name,Phone\nAnn,Lee,+1 212 555 0100\n", encoding="utf-8")
    bundle = str(BUNDLE / "refdesk")
    for book in ("a.refdesk", "b.refdesk"):
        done = subprocess.run([*env, bundle, "import", str(people), "--db", str(tmp_path / book),
                               "--json"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["new"] == 1
    cache = json.loads((tmp_path / ".cache" / "refdesk" / "phone-rules.json").read_text())
    assert cache["key"]["origin"] == bundle and "1" in cache["rules"]


def test_the_desktop_entry_and_metainfo_validate():
    for tool in ("desktop-file-validate", "appstreamcli"):
        assert shutil.which(tool), f"{tool} missing: .ci/run installs it with apt-get"
    subprocess.run(["desktop-file-validate", str(ROOT / "packaging" / f"{APP_ID}.desktop")],
                   check=True)
    subprocess.run(["appstreamcli", "validate", "--no-net",
                    str(ROOT / "packaging" / f"{APP_ID}.metainfo.xml")], check=True)


def test_the_deb_holds_the_app_its_menu_entry_and_icons(deb):
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], check=True, capture_output=True,
                             text=True).stdout
    paths = {re.sub(r"^\./", "/", line.split()[5]) for line in listing.splitlines()}
    for path in ("/opt/refdesk/refdesk", "/usr/bin/refdesk",
                 f"/usr/share/applications/{APP_ID}.desktop",
                 f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
                 "/usr/share/icons/hicolor/scalable/apps/refdesk.svg"):
        assert path in paths, path
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/refdesk.png" in paths
    assert not [p for p in paths if p.startswith(("/home", "/root", "/etc"))]  # no user data
    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], check=True,
                             capture_output=True, text=True).stdout
    for package in X_LIBRARIES:
        assert re.search(rf"\b{package}\b", depends), package


def test_the_installed_package_runs_and_an_upgrade_keeps_the_book(deb, tmp_path):
    assert os.geteuid() == 0, "installing the .deb needs root (CI runs as root)"
    assert subprocess.run(["dpkg", "-s", "refdesk"], capture_output=True).returncode != 0, \
        "refdesk is already installed here; remove it first"
    home = tmp_path / "home"
    home.mkdir()
    try:
        apt_install(deb)
        assert Path("/usr/bin/refdesk").resolve() == Path("/opt/refdesk/refdesk")
        assert smoke("refdesk", home, "--demo")["contacts_shown"] > 0
        assert_libraries_come_from_depends(deb)
        # The user's own book and settings, in their home, then an upgrade.
        book = home / ".local/share/refdesk/book.refdesk"
        subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", f"HOME={home}", "refdesk", "demo",
                        "--contacts", "40", "--db", str(book), "--as-of", "2026-11-22"],
                       check=True, capture_output=True, timeout=120)
        before = smoke("refdesk", home)
        assert before["book"] == str(book) and before["contacts_shown"] > 0
        settings = home / ".local/share/refdesk/refdesk.ini"
        settings.write_text("[kept]\nmark=before-upgrade\n")  # as QSettings writes it
        apt_install(next_version(deb, tmp_path))
        installed = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "refdesk"],
                                   capture_output=True, text=True).stdout
        assert installed.endswith("+1")  # upgraded, not just left in place
        after = smoke("refdesk", home)
        assert (after["book"], after["contacts_shown"]) == (before["book"],
                                                           before["contacts_shown"])
        assert "mark=before-upgrade" in settings.read_text()
    finally:
        subprocess.run(["apt-get", "remove", "-y", "-q", *APT_WAIT, "refdesk"],
                       capture_output=True)
    assert not Path("/opt/refdesk").exists() and not Path("/usr/bin/refdesk").exists()
    assert book.exists()  # removing the package leaves the user's book alone


def apt_install(deb: Path) -> None:
    result = subprocess.run(["apt-get", "install", "-y", "-q", "--allow-downgrades", *APT_WAIT,
                             str(deb)], capture_output=True, text=True, timeout=15 * 60,
                            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    assert result.returncode == 0, result.stdout + result.stderr


def next_version(deb: Path, work: Path) -> Path:
    """The same package as version X.Y.Z+1, to install as an upgrade."""
    tree = work / "next"
    subprocess.run(["dpkg-deb", "-R", str(deb), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    text = control.read_text()
    version = re.search(r"^Version: (.+)$", text, re.M).group(1)
    control.write_text(text.replace(f"Version: {version}", f"Version: {version}+1"))
    out = work / f"refdesk_{version}+1_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Znone", "--build", str(tree), str(out)],
                   check=True, capture_output=True)
    return out


def assert_libraries_come_from_depends(deb: Path) -> None:
    """Every system library the installed bundle links to directly is there,
    and is owned by a package the .deb names in Depends."""
    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], check=True,
                             capture_output=True, text=True).stdout
    named = {re.split(r"[\s(]", d.strip())[0] for d in depends.split(",")}
    bundled = {f.name for f in Path("/opt/refdesk").rglob("*.so*")}
    wanted: dict[str, str] = {}  # library -> the file needing it
    found: dict[str, str] = {}  # library -> where the loader finds it
    for elf in [Path("/opt/refdesk/refdesk"), *Path("/opt/refdesk").rglob("*.so*")]:
        if elf.is_symlink() or not elf.is_file():
            continue
        dynamic = subprocess.run(["readelf", "-d", str(elf)], capture_output=True,
                                 text=True).stdout
        for lib in re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic):
            if lib not in bundled:
                wanted.setdefault(lib, elf.name)
        for line in subprocess.run(["ldd", str(elf)], capture_output=True,
                                   text=True).stdout.splitlines():
            lib, _, where = line.strip().partition(" => ")
            if not where and lib.startswith("/"):  # the dynamic loader, by its path
                where, lib = lib, Path(lib.split()[0]).name
            if where and not where.startswith("not found"):
                found.setdefault(lib, where.split()[0])
    missing = sorted(f"{lib} (for {elf})" for lib, elf in wanted.items() if lib not in found)
    assert not missing, missing
    unnamed = sorted(f"{lib} from {package_of(Path(found[lib])) or '?'}" for lib in wanted
                     if package_of(Path(found[lib])) not in named)
    assert not unnamed, unnamed


@functools.cache
def package_of(library: Path) -> str:
    """The Debian package owning ``library`` ("" if none), whichever of the
    merged-/usr spellings dpkg recorded."""
    real = library.resolve()
    for path in {library, real, Path("/usr", *real.parts[1:]),
                 Path("/", *real.parts[2:]) if real.parts[1:2] == ("usr",) else real}:
        found = subprocess.run(["dpkg", "-S", str(path)], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":")[0]
    return ""
