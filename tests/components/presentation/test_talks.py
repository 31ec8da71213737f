"""A talk's document: what a presenter publishes and phones read; rewritten only when it changes (so its
validator stays and phones get 304)."""

import json

from audience import talks


def test_a_talk_document_is_written_once_per_change(tmp_path, monkeypatch):
    monkeypatch.setattr(talks, "TALKS_DIR", tmp_path)
    talk = talks.new_talk_id()
    assert talks.read(talk) is None
    talks.publish(talk, 3, "fr", "NGA", True)
    path = tmp_path / f"{talk}.json"
    assert json.loads(talks.read(talk) or b"") == {"step": 3, "lang": "fr", "lens": "NGA", "live": True}
    written = path.stat().st_mtime_ns
    talks.publish(talk, 3, "fr", "NGA", True)
    assert path.stat().st_mtime_ns == written
    talks.publish(talk, 4, "fr", None, True)
    assert json.loads(talks.read(talk) or b"")["lens"] == "all"


def test_a_talk_name_outside_the_pattern_reads_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(talks, "TALKS_DIR", tmp_path)
    assert talks.read("../../etc/passwd") is None and talks.talk_file("ABC") is None
    talks.publish("../x", 1, "en", None, True)
    assert list(tmp_path.iterdir()) == []


def test_starting_a_talk_clears_talks_left_for_a_week(tmp_path, monkeypatch):
    """Every presenter's session leaves a talk file; on a served atlas they would pile up for ever."""
    import os
    import time

    monkeypatch.setattr(talks, "TALKS_DIR", tmp_path)
    old, recent = talks.new_talk_id(), talks.new_talk_id()
    talks.publish(old, 2, "en", None, True)
    talks.publish(recent, 5, "en", None, True)
    week_ago = time.time() - talks.TALK_KEPT_S - 60
    os.utime(tmp_path / f"{old}.json", (week_ago, week_ago))
    (tmp_path / "notes.txt").write_text("not a talk")
    talks.publish(talks.new_talk_id(), 1, "en", None, True)
    assert talks.read(old) is None
    assert talks.read(recent) is not None and (tmp_path / "notes.txt").exists()
    assert len(list(tmp_path.glob("*.json"))) == 2
