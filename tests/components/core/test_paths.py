"""components.core.paths is the one declaration of where the repository's files are: each path it names exists."""

from components.core import paths


def test_every_declared_path_exists():
    # The runtime folders are written by the served atlas when it first needs them.
    runtime = {"RUNTIME_DIR", "AUDIENCE_CACHE_DIR", "TALKS_DIR"}
    declared = {
        name: value
        for name, value in vars(paths).items()
        if name.isupper() and name != "MAP_RESOLUTION_FILE" and name not in runtime
    }
    assert set(declared) == {
        "ROOT",
        "DATA_DIR",
        "STATIC_DIR",
        "LOCALE_DIR",
        "PACKAGE_FILE",
        "APP_FILE",
        "ATLAS_PROPERTIES_SCHEMA_FILE",
        "BASEMAP_FILE",
        "POINTS_FILE",
    }
    missing = [name for name, path in declared.items() if not path.exists()]
    assert missing == []
    assert (paths.ROOT / "app.py").samefile(paths.APP_FILE)
    assert paths.BASEMAP_FILE.name == paths.MAP_RESOLUTION_FILE == "world_110m.json"


def test_runtime_folders_sit_under_the_runtime_dir():
    assert paths.AUDIENCE_CACHE_DIR.parent == paths.TALKS_DIR.parent == paths.RUNTIME_DIR
