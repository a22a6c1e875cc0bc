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
    # --- the split saved with the weights ---
    "weights.split": {
        "en": "the {kind} split (seed {seed}, {pct} test)",
        "es": "la división {kind} (semilla {seed}, {pct} de prueba)",
    },
    "weights.split.random": {"en": "random", "es": "aleatoria"},
    "weights.split.group": {"en": "group", "es": "por grupos"},
    "lab.cli.which.split": {"en": "the test clips of {split}", "es": "los clips de prueba de {split}"},
    "weights.not_test": {
        "count": "m",
        "en": {
            "one": "NOT A TEST ACCURACY: the models trained on this clip.",
            "other": "NOT A TEST ACCURACY: the models trained on {n} of these {m} clips.",
        },
        "es": {
            "one": "NO ES UNA EXACTITUD DE PRUEBA: los modelos se entrenaron con este clip.",
            "other": "NO ES UNA EXACTITUD DE PRUEBA: los modelos se entrenaron con {n} de estos {m} clips.",
        },
    },
    "error.weights.no_split": {
        "en": (
            "{name} was saved without its train/test split (weights format 1), so nothing tells its training clips "
            "from its test clips; save the models again with this version."
        ),
        "es": (
            "{name} se guardó sin su división entrenamiento/prueba (formato de pesos 1), así que nada distingue sus "
            "clips de entrenamiento de los de prueba; guarda los modelos de nuevo con esta versión."
        ),
    },
    "error.weights.other_data": {
        "en": (
            "these weights were trained on other data (fingerprint {saved}) than the data loaded now ({loaded}); load "
            "the data they were trained on."
        ),
        "es": (
            "estos pesos se entrenaron con otros datos (huella {saved}) que los cargados ahora ({loaded}); carga los "
            "datos con los que se entrenaron."
        ),
    },
    "error.weights.overlap": {
        "count": "m",
        "en": {
            "one": (
                "the models trained on the one clip to evaluate, so its score would not be a test accuracy; evaluate "
                "on the test clips saved with the weights (the default), or allow training clips explicitly to see "
                "the score labelled as such."
            ),
            "other": (
                "the models trained on {n} of the {m} clips to evaluate, so their score would not be a test accuracy; "
                "evaluate on the test clips saved with the weights (the default), or allow training clips explicitly "
                "to see the score labelled as such."
            ),
        },
        "es": {
            "one": (
                "los modelos se entrenaron con el único clip a evaluar, así que su resultado no sería una exactitud "
                "de prueba; evalúa con los clips de prueba guardados con los pesos (lo predeterminado) o permite "
                "explícitamente clips de entrenamiento para ver el resultado etiquetado como tal."
            ),
            "other": (
                "los modelos se entrenaron con {n} de los {m} clips a evaluar, así que su resultado no sería una "
                "exactitud de prueba; evalúa con los clips de prueba guardados con los pesos (lo predeterminado) o "
                "permite explícitamente clips de entrenamiento para ver el resultado etiquetado como tal."
            ),
        },
    },
    # --- exports ---
    "export.weights": {"en": "Download the trained models (.pt)", "es": "Descargar los modelos entrenados (.pt)"},
    "export.weights_help": {
        "en": (
            "Both models' weights with their settings and the train/test split they learned from; the Lab's Saved "
            "models section, or `python -m har lab weights eval`, scores them on that split's test clips."
        ),
        "es": (
            "Los pesos de los dos modelos con sus ajustes y la división entrenamiento/prueba con la que aprendieron; "
            "la sección Modelos guardados del Laboratorio, o `python -m har lab weights eval`, los evalúa con los "
            "clips de prueba de esa división."
        ),
    },
    "export.no_weights.uploaded": {
        "en": (
            "No trained models for this run: it was opened from a run record, which holds curves and predictions "
            "but no weights; they stay with the session that trained it."
        ),
        "es": (
            "No hay modelos entrenados para esta ejecución: se abrió desde un registro, que guarda curvas y "
            "predicciones pero no pesos; estos se quedan en la sesión que la entrenó."
        ),
    },
    "export.no_weights.unfinished": {
        "en": (
            "No trained models for this run: it did not finish every epoch, so its weights would not match its "
            "last recorded epoch."
        ),
        "es": (
            "No hay modelos entrenados para esta ejecución: no terminó todas sus épocas, así que sus pesos no "
            "coincidirían con su última época registrada."
        ),
    },
    "export.no_weights.dropped": {
        "count": "n",
        "en": {
            "one": "No trained models for this run any more: a session keeps the models of its latest run only.",
            "other": (
                "No trained models for this run any more: a session keeps the models of its latest {n} runs only, "
                "to spare the server's memory."
            ),
        },
        "es": {
            "one": "Ya no hay modelos entrenados para esta ejecución: una sesión guarda solo los de la última.",
            "other": (
                "Ya no hay modelos entrenados para esta ejecución: una sesión guarda solo los de sus últimas {n} "
                "ejecuciones, para no llenar la memoria del servidor."
            ),
        },
    },
    "export.epochs": {"en": "Download every epoch (CSV)", "es": "Descargar cada época (CSV)"},
    "export.epochs_help": {
        "en": "One row per model and epoch of this run: losses, accuracies (0 to 1) and seconds.",
        "es": "Una fila por modelo y época de esta ejecución: pérdidas, exactitudes (de 0 a 1) y segundos.",
    },
    "table.epoch": {"en": "Epoch", "es": "Época"},
    "table.train_loss": {"en": "Train loss", "es": "Pérdida de entrenamiento"},
    "table.train_acc": {"en": "Train acc.", "es": "Exact. de entrenamiento"},
    "table.test_loss": {"en": "Test loss", "es": "Pérdida de prueba"},
    "table.test_acc": {"en": "Test acc.", "es": "Exact. de prueba"},
    "table.seconds": {"en": "Seconds", "es": "Segundos"},
    # --- the Lab's saved models ---
    "weights.on": {"en": "Score them on", "es": "Evaluarlos con"},
    "weights.on.test": {"en": "the test clips saved with them", "es": "los clips de prueba guardados con ellos"},
    "weights.on.split": {
        "en": "the test clips of the sidebar's split",
        "es": "los clips de prueba de la división de la barra lateral",
    },
    "weights.allow": {
        "en": "Also score clips the models trained on (labelled: not a test accuracy)",
        "es": "Evaluar también clips con los que se entrenaron (etiquetado: no es una exactitud de prueba)",
    },
    "weights.allow_help": {
        "en": (
            "Off, an evaluation that includes a training clip is refused: a model scores well on clips it has "
            "already seen, which says nothing about new ones."
        ),
        "es": (
            "Desactivado, se rechaza una evaluación que incluya un clip de entrenamiento: un modelo acierta en clips "
            "que ya vio, y eso no dice nada de clips nuevos."
        ),
    },
    "weights.evaluated": {
        "count": "n",
        "en": {
            "one": "Trained on {split} of this data; scored on {n} clip.",
            "other": "Trained on {split} of this data; scored on {n} clips.",
        },
        "es": {
            "one": "Entrenados con {split} de estos datos; evaluados con {n} clip.",
            "other": "Entrenados con {split} de estos datos; evaluados con {n} clips.",
        },
    },
    "weights.col.not_test": {
        "en": "accuracy (NOT a test accuracy)",
        "es": "exactitud (NO es de prueba)",
    },
    # --- the order lesson needs a group split ---
    "lab.order.random_note": {
        "en": (
            "The split is random: clips of one group (same actor, same background) sit on both sides, so a model can "
            "name the class from a background it saw in training, and even a model blind to frame order tells the "
            "order pairs apart. Ask this question on the group split."
        ),
        "es": (
            "La división es aleatoria: clips de un mismo grupo (mismo actor, mismo fondo) están a ambos lados, así "
            "que un modelo puede reconocer la clase por un fondo que vio al entrenar, e incluso un modelo ciego al "
            "orden de los fotogramas distingue las parejas de orden. Haz esta pregunta con la división por grupos."
        ),
    },
    "lab.order.use_group": {"en": "Switch to the group split", "es": "Cambiar a la división por grupos"},
    # --- the best epoch is picked on the test set ---
    "lab.discuss.peak": {
        "en": (
            "Its test accuracy peaked earlier, at {best:.1%} in epoch {epoch} of {epochs}, but that figure is "
            "optimistic: the epoch was picked by looking at the test clips, so the final accuracy is the one to "
            "compare."
        ),
        "es": (
            "Su exactitud en prueba llegó antes a su máximo, {best:.1%} en la época {epoch} de {epochs}, pero esa "
            "cifra es optimista: la época se eligió mirando los clips de prueba, así que la que se compara es la "
            "final."
        ),
    },
    "lab.cli.optimistic": {
        "en": (
            "The best-epoch accuracy is optimistic: its epoch was picked by looking at the test clips. Verdicts use "
            "the final epoch."
        ),
        "es": (
            "La exactitud de la mejor época es optimista: esa época se eligió mirando los clips de prueba. Los "
            "veredictos usan la época final."
        ),
    },
    "compare.optimistic": {
        "en": (
            "The best-epoch accuracy is optimistic: its epoch was picked by looking at the test clips, which flatters "
            "the model. Compare models by their final accuracy, as the Lab's verdicts do."
        ),
        "es": (
            "La exactitud de la mejor época es optimista: esa época se eligió mirando los clips de prueba, lo que "
            "favorece al modelo. Compara los modelos por su exactitud final, como hacen los veredictos del "
            "Laboratorio."
        ),
    },
    # --- a shared link is a full address ---
    "side.share_link_help": {
        "en": "Copy this link: whoever opens it gets the same data, split, models and training settings.",
        "es": (
            "Copia este enlace: quien lo abra obtiene los mismos datos, división, modelos y ajustes de entrenamiento."
        ),
    },
}
