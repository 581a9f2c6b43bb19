"""The Streamlit side of the site: everything that joins `netcore` to a web page.

netcore never imports from here. Pages (`pages/*.py`) import from here; nothing here
imports a page. Two layers:

The shared kit (this folder's top level), used by every lesson:
    state.py        the one owner of st.session_state and st.query_params: every key
                    (session, widget, URL), its default and typed accessors
    resources.py    what is loaded once per server and shared read-only (the default
                    network, MNIST), and the network a page runs (`current_network()`)
    contents.py     the table of lessons: file, title, URL, section (app.py's navigation)
    canvas.py       the learner's digit: canvas, Clear, MNIST pick, `digit_fragment`
    palette.py      the colours of + and - numbers (and their switch)
    route.py        the route through the lessons: the progress strip at the top of each
                    lesson (with the colour switch) and Previous / Next at its end, drawn
                    by app.py around page.run()
    figures.py      figure primitives: fast_figure, pixel_grid, signed_grid, picture,
                    panel_grid, activation_bars, NO_TOOLBAR
    images.py       pictures as PNG images in place of Plotly charts where no hover is
                    needed (grids in the heat maps' colours, panels, bars, marked drawings;
                    `show`): a page without a chart loads no plotly.js, about a second of a
                    page opened from a link; strokes.py: lines and rings drawn in code
    svg_plots.py    line plots (curves, points, labels) as SVG pictures, for the same reason
    widgets.py      small page pieces: the network's guess, the real code behind a page
    words.py        durations and layer names in words
    app_shell.py, canvas_toolbar.py
                    the two places that rely on the inside of Streamlit and of the canvas
                    component; tests/test_fragile_streamlit.py fails if those change

The lessons (`ui/lessons/`): one module, or a package, per lesson, named after its
page: pages/weights.py uses ui/lessons/weights.py, pages/learning.py the package
ui/lessons/learning/. A lesson's figures, logic and callbacks live there; the page
keeps the text and the layout. `ui/lessons/neuron.py` is shared by /weights and
/sigmoid-and-bias (the neuron a learner paints on one is the one the other uses).

Adding a lesson: a page file in pages/ (title, a few sentences, the interaction, then
`widgets.show_code(...)` of the real code), a line in contents.py, its module in
ui/lessons/ if it needs more than a few lines, its widget keys and any state in
state.py, and tests/test_lesson_<name>.py. A lesson module may use the shared kit and
netcore; it does not import another lesson's module (share through the kit instead),
and it reads and writes the session only through state.py's functions. Wrap whatever
follows the learner's drawing in `canvas.digit_fragment(render)`: render(digit, net)
then runs on every stroke, so keep it to what the stroke changes.
"""
