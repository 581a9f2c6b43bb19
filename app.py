"""Entry point: `streamlit run app.py`. Builds the navigation; each lesson is a file in pages/."""

import streamlit as st

from ui import lessons, palette, state

st.set_page_config(page_title="What is a neural network?", page_icon=":material/neurology:",
                   layout="wide")

sections: dict[str, list] = {}
for lesson in lessons.available():
    sections.setdefault(lesson.section, []).append(
        st.Page(lesson.path, title=lesson.title, url_path=lesson.url_path, icon=lesson.icon,
                default=lesson.url_path == ""))

page = st.navigation(sections)
state.note_page(page.url_path)
with st.sidebar:
    palette.palette_switch()
    st.caption("Every picture on these pages is computed live by the real network "
               "(`netcore`) from your own drawing.")
page.run()
