"""/learning -- Learning: train your own network, watch it learn, test it, save it, load it."""

from functools import partial

import streamlit as st

import netcore
from ui import check, palette, resources, state, widgets, words
from ui.i18n import t
from ui.lessons.learning import checks, how_good, run as training_run, session, settings as plans, text as sentences, view
from ui.lessons.learning import teach

state.init()
session.collect_finished_run()   # a run that ended since the last visit becomes the learner's
pal = palette.current()
st.title(t("Learning"))
video_seconds = plans.estimate_seconds(plans.PRESETS["video"].settings)
st.markdown(t(
    "Where do a network's weights and biases come from? Nobody picks them. They **start out "
    "random**, and then the network is shown thousands of MNIST digits together with their "
    "labels. After every small batch of digits, each weight and bias is nudged a little, in the "
    "direction that brings the ten outputs closer to the right answers (*gradient descent*; the "
    "slopes come from *backpropagation*, the subject of the next videos). "
    "Try it: on this server, training the video's network takes about {time}.",
    time=words.duration(video_seconds)))
for question in checks.before_training():
    check.ask(question)

st.subheader(t("Set up a network"))
busy = session.training_now()
settings = view.settings_widgets(disabled=busy)
problem = plans.problem(settings)
if problem:
    st.warning(problem, icon=":material/block:")
else:
    st.markdown(sentences.describe_plan(settings))
if st.button(t("Train"), type="primary", icon=":material/play_arrow:",
             disabled=busy or bool(problem), key=state.LEARNING_TRAIN):
    session.start_run(settings)
    st.rerun()
st.caption(t("Networks training on this server right now: {n} of {slots} at most (more wait "
             "their turn).", n=training_run.runs_training(), slots=training_run.SLOTS))


@st.fragment(run_every=0.5)
def watch_training():
    """Redrawn twice a second while the run's own thread trains; reruns the page when it ends."""
    run = session.current_run()
    if run is None or run.done:
        st.rerun()
    text, clock = sentences.progress_text(run)
    st.progress(run.fraction_done, text=text)
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(clock)
    right.button(t("Stop"), icon=":material/stop:", on_click=run.stop, key=state.LEARNING_STOP,
                 help=t("Ends training after this step; the network keeps what it has learned."))
    view.show_run(run, pal)


st.subheader(t("Watch it learn"))
last_run = session.current_run()
if busy:
    st.caption(t("Training goes on if you open another lesson; come back here to collect it."))
    watch_training()
elif last_run is not None and last_run.settings == settings:
    view.show_ended_run(last_run, pal)
else:
    view.show_start(settings, pal)

own = state.trained_net()
if own is not None and not busy:
    st.subheader(t("How good is your network?"))
    mine = session.own_evaluation()
    st.markdown(t("Yours next to the trained network the other lessons use, both scored on the "
                  "{n:,} MNIST test images (training on this page never shows a network those):",
                  n=len(mine.labels)))
    st.markdown(sentences.comparison_table(
        own, state.trained_meta(), mine, resources.default_network(),
        session.default_metadata(), session.default_evaluation()))
    st.toggle(t("Use my network on every page"), value=state.use_trained(),
              key=state.LEARNING_USE_MINE, on_change=session.use_mine_changed,
              help=t("Every lesson then runs your network instead of the site's trained one, and "
                     "says so under its guess. Switch it off to go back."))
    st.caption(t("Every lesson now runs **your** network.") if state.use_trained() else
               t("The lessons run the site's trained network."))
    view.show_quality(mine, resources.mnist().test_images)

teach.section(pal)

st.subheader(t("How good can it get?"))
how_good.show(session.default_evaluation(), resources.mnist().test_images,
              resources.default_network().sizes, session.default_metadata().get("recipe"))

st.subheader(t("Save it, load it"))
if own is not None:
    st.download_button(t("Download your network (.npz weight file)"),   # made when clicked
                       partial(session.weight_file_bytes, own, state.trained_meta()),
                       file_name=f"network-{'-'.join(map(str, own.sizes))}.npz",
                       mime="application/octet-stream", icon=":material/download:",
                       key=state.LEARNING_DOWNLOAD, on_click="ignore")
uploaded = st.file_uploader(t("Load a weight file (.npz) saved from this page"),
                            key=state.LEARNING_UPLOAD, on_change=session.upload_changed,
                            max_upload_size=session.MAX_UPLOAD_MB, disabled=busy)
outcome = session.upload_outcome(uploaded)
if outcome:
    (st.success if outcome[0] == "ok" else st.error)(outcome[1])

widgets.show_code(netcore.reference.sgd, netcore.reference.update_mini_batch,
                  netcore.reference.backprop, netcore.reference.sigmoid_prime)
