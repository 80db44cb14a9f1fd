"""Issue 19.2: the folder of map files (`static/geo/`, one per selection a
visitor makes) has a retention and a size cap, and a map whose file was
pruned is drawn again, not left pointing at nothing."""
from __future__ import annotations

import os
import time

from backoffice import retention
from loaders.regions import REGIONS
from ui import geometry


def write(folder, name: str, size: int, age_days: float):
    path = folder / name
    path.write_bytes(b"x" * size)
    moment = time.time() - age_days * 86400
    os.utime(path, (moment, moment))
    return path


def test_cap_drops_old_files_then_the_oldest_until_under_the_size(tmp_path):
    stale = write(tmp_path, "stale.geojson", 10, age_days=40)
    older = write(tmp_path, "older.geojson", 600, age_days=3)
    old = write(tmp_path, "old.geojson", 600, age_days=2)
    new = write(tmp_path, "new.geojson", 600, age_days=1)
    other = write(tmp_path, "other.txt", 5000, age_days=50)   # another pattern: untouched
    deleted = retention.cap(tmp_path, "*.geojson", max_bytes=1300, max_age_days=30)
    assert deleted == [stale, older]
    assert {p.name for p in tmp_path.iterdir()} == {old.name, new.name, other.name}


def test_a_pruned_map_file_is_written_again(store_path):
    region = REGIONS["w13"]["nis"]
    area = geometry.area(region[:3], region)
    shown = geometry.GEO_DIR / area.url.removeprefix(geometry.URL_PREFIX)
    shown.unlink()
    again = geometry.area(region[:3], region)
    assert again.url == area.url and shown.exists()
