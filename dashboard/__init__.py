"""The dashboard's glue between Streamlit and `har`: session state, settings, the shared sidebar and routing.

Pages import this package, never the entry script; `har` never imports it.
"""
