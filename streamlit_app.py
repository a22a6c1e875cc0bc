"""RNN vs CNN for action recognition: the dashboard's entry point (`streamlit run streamlit_app.py`).

It draws the shared sidebar and routes with `st.navigation` to the scripts in `pages/`.
Set HAR_DEMO_SCALE (e.g. 0.05) to serve a smaller demo set, as the tests do.
"""

from dashboard.sidebar import run_app

run_app()
