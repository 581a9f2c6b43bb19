"""The whole table of lessons (ui/contents.py): every page file exists, runs inside app.py, keeps the digit."""

from apptest_helpers import ROOT, app_test, canvas_image, feed_digit
from ui import contents


def test_every_lesson_in_the_table_has_its_page_file_and_every_page_file_is_a_lesson():
    in_table = [lesson.file for lesson in contents.LESSONS]
    missing = [name for name in in_table if not (ROOT / "pages" / name).exists()]
    assert not missing, f"lessons whose page file is gone: {missing}"
    assert sorted(in_table) == sorted(p.name for p in (ROOT / "pages").glob("*.py"))


def test_every_lesson_has_its_own_url_and_the_root_is_the_first():
    urls = [lesson.url_path for lesson in contents.LESSONS]
    assert len(set(urls)) == len(urls) and urls[0] == ""


def test_app_navigation_runs_every_page_with_the_same_digit():
    at = app_test()
    at.run()
    assert not at.exception
    feed_digit(at, canvas_image(2))
    for lesson in contents.LESSONS:
        at.switch_page(str(lesson.path.relative_to(contents.ROOT)))
        at.run()
        assert not at.exception, (lesson.file, at.exception)
        assert at.session_state["digit"].x is not None
