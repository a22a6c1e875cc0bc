"""The dashboard's glue between Streamlit and `har`: session state, the shared sidebar, uploads.

Pages import this package (never the entry script); `har` never imports it.
"""
