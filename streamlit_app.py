"""RNN vs CNN for action recognition: the dashboard's entry point (`streamlit run streamlit_app.py`).

It only routes: dashboard.app draws the shared sidebar and runs the chosen page of pages/.
"""

from dashboard.app import run_app

run_app()
