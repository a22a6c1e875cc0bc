"""Text of the checks that keep numbers honest (a split saved with the weights, single-frame data, optimistic
best-epoch figures, the order lesson's split) and of the exports (weights, per-epoch CSV, full links)."""

TEXT = {
    # --- data a model cannot learn time from ---
    "error.data.one_frame": {
        "en": (
            "the clips have a single frame (X has shape {shape}), but comparing models over time needs at least 2 "
            "frames per clip; give clips of 2 frames or more."
        ),
        "es": (
            "los clips tienen un solo fotograma (X tiene forma {shape}), pero comparar modelos en el tiempo necesita "
            "al menos 2 fotogramas por clip; da clips de 2 fotogramas o más."
        ),
    },
}
