"""Session-state keys of the lab page (pages/lab.py).

They belong with the others in har/state.py, which owns every key name; they live here only
until that file takes them, and are prefixed "lab_" so they can never clash with its keys.
"""

STUDY = "lab_study"  # which question the page shows
JOBS = "lab_jobs"  # study name -> har.lab.job.StudyJob, the session's latest of each
SEEDS = "lab_seeds"  # k for the seeds study
SIZES = "lab_sizes"  # RNN hidden sizes for the sweep
CURVE = "lab_curve"  # which curve the seeds chart shows
ORDER_VIEW = "lab_order_view"  # shuffled or reversed, for the per-class chart
FAIL_RUN = "lab_fail_run"
FAIL_MODEL = "lab_fail_model"
FAIL_TRUE = "lab_fail_true"
FAIL_PRED = "lab_fail_pred"
FAIL_CLIP = "lab_fail_clip"
WEIGHTS_UPLOAD = "lab_weights_upload"
