"""/learning: train a network in the browser (settings, run, session, text, view, figs)."""
