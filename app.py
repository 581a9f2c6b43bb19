"""Entry point: `streamlit run app.py`. Builds the navigation; each lesson is a file in pages/."""

import os

# One BLAS thread per computation: the server runs many learners' sessions (and their
# training threads) at once on two cores, and BLAS's own threads would only fight them.
# Set before NumPy is first imported, which happens below.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import streamlit as st  # noqa: E402

from ui import contents, palette, state  # noqa: E402
from ui.lessons.learning import session as training_session  # noqa: E402

st.set_page_config(page_title="What is a neural network?", page_icon=":material/neurology:",
                   layout="wide")

sections: dict[str, list] = {}
for lesson in contents.LESSONS:
    sections.setdefault(lesson.section, []).append(
        st.Page(lesson.path, title=lesson.title, url_path=lesson.url_path, icon=lesson.icon,
                default=lesson.url_path == ""))

page = st.navigation(sections)
state.note_page(page.url_path)
training_session.collect_finished_run()   # a run that ended while the learner read another lesson
with st.sidebar:
    palette.palette_switch()
    st.caption("Every picture on these pages is computed live by the real network "
               "(`netcore`) from your own drawing.")
page.run()
