"""Streamlit-side helpers shared by the pages: state, cached resources, canvas, figures.

netcore never imports from here; this package is the only place that joins
the network to the web page.
"""
