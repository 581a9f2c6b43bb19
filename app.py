"""Entry point: `streamlit run app.py`. Builds the navigation; each lesson is a file in pages/."""

import os

# One BLAS thread per computation: the server runs many learners' sessions (and their
# training threads) at once on two cores, and BLAS's own threads would only fight them.
# Set before NumPy is first imported, which happens below.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import streamlit as st  # noqa: E402
from ui import serving  # noqa: E402

from ui import contents, process_setup, route, state  # noqa: E402
from ui.i18n import t  # noqa: E402
from ui.lessons.learning import session as training_session  # noqa: E402

process_setup.freeze_startup_objects()   # once per process, after the imports

# The tab icon from a local file: a ":material/..." page_icon makes the browser fetch it
# from a font server.
TAB_ICON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static", "tab-icon.png")
# The learner's language (ui.state.language) is known from here on: every title below is in it.
st.set_page_config(page_title=t("What is a neural network?"), page_icon=TAB_ICON, layout="wide")

pages = [st.Page(lesson.path, title=t(lesson.title), url_path=lesson.url_path, icon=lesson.icon,
                 default=lesson.url_path == "") for lesson in contents.LESSONS]
sections: dict[str, list] = {}
for lesson, lesson_page in zip(contents.LESSONS, pages):
    sections.setdefault(t(lesson.section), []).append(lesson_page)

page = st.navigation(sections)
state.note_page(page.url_path)
serving.warn_if_moved()   # a learner moved here from a server that stopped
training_session.collect_finished_run()   # a run that ended while the learner read another lesson
with st.sidebar:
    route.language_switch()
    st.caption(t("Every number on these pages is computed live by the real network "
                 "(`netcore`), on your own drawing wherever a page uses one."))
route.progress_strip(pages, page.url_path)   # with the colour switch
page.run()
route.next_and_previous(pages, page.url_path)
