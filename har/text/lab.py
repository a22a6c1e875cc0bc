"""Text of the teaching lab: verdicts, the automatic discussion, link warnings, table headers."""

TEXT = {
    # --- model names inside sentences ---
    "lab.model.rnn": {"en": "the RNN", "es": "la RNN"},
    "lab.model.cnn": {"en": "the CNN", "es": "la CNN"},
    "lab.model.rnn.start": {"en": "The RNN", "es": "La RNN"},
    "lab.model.cnn.start": {"en": "The CNN", "es": "La CNN"},
    # --- numbers in table cells, p-values, lists ---
    "lab.num.pct": {"en": "{x:.1%}", "es": "{x:.1%}"},
    "lab.num.points": {"en": "{x:+.1f}", "es": "{x:+.1f}"},
    "lab.num.count": {"en": "{n:,}", "es": "{n:,}"},
    "lab.num.interval": {"en": "{low:.1%} - {high:.1%}", "es": "{low:.1%} - {high:.1%}"},
    "lab.p.value": {"en": "p = {p:.3f}", "es": "p = {p:.3f}"},
    "lab.p.small": {"en": "p < 0.001", "es": "p < 0.001"},
    "lab.p.none": {"en": "p = n/a", "es": "p = n/a"},
    "lab.list.and": {"en": "{a} and {b}", "es": "{a} y {b}"},
    # --- each study's command, in `har lab --help` ---
    "lab.seeds.summary": {
        "en": "train both models over k seeds: means, intervals, paired t-test, McNemar",
        "es": "entrena los dos modelos con k semillas: medias, intervalos, prueba t pareada, McNemar",
    },
    "lab.sweep.summary": {
        "en": "accuracy against parameter count, the CNN matched to each RNN size",
        "es": "exactitud frente al número de parámetros, la CNN igualada a cada tamaño de la RNN",
    },
    "lab.pooling.summary": {
        "en": "last / mean / max pooling for both models in one grid",
        "es": "pooling last / mean / max para los dos modelos en una tabla",
    },
    "lab.order.summary": {
        "en": "accuracy with the test clips' frames shuffled and reversed",
        "es": "exactitud con los fotogramas de los clips de prueba barajados e invertidos",
    },
    "lab.leakage.summary": {
        "en": "the same models on a random and on a group split",
        "es": "los mismos modelos con una división aleatoria y con una por grupos",
    },
    # --- a study's options given badly on the command line ---
    "error.lab.option_value": {
        "en": "{flag} takes a number like {example}, not \u201c{value}\u201d.",
        "es": "{flag} necesita un número como {example}, no \u201c{value}\u201d.",
    },
    "error.lab.option_list": {
        "en": "The values of {flag} go between commas, like {example}, not \u201c{value}\u201d.",
        "es": "Los valores de {flag} van separados por comas, como {example}, no \u201c{value}\u201d.",
    },
    "error.lab.option_range": {
        "en": "{flag} {value} is out of range; give a value from {low} to {high}.",
        "es": "{flag} {value} está fuera de rango; da un valor de {low} a {high}.",
    },
    "error.lab.option_choice": {
        "en": "{flag} does not know \u201c{value}\u201d; choose from {valid}.",
        "es": "{flag} no conoce \u201c{value}\u201d; elige entre {valid}.",
    },
    # --- several seeds ---
    "lab.seeds.no_pair": {
        "en": "The seed study needs both an RNN and a CNN to compare them.",
        "es": "El estudio de semillas necesita una RNN y una CNN para compararlas.",
    },
    "lab.seeds.one_seed": {
        "en": (
            "With one seed, {ahead} leads (the RNN minus the CNN: {diff:+.1f} points), but a single seed cannot tell a "
            "difference from noise; train at least two seeds, five is better."
        ),
        "es": (
            "Con una sola semilla, {ahead} va por delante (la RNN menos la CNN: {diff:+.1f} puntos), pero una semilla "
            "no distingue una diferencia del ruido; entrena al menos dos semillas, mejor cinco."
        ),
    },
    "lab.seeds.gap": {
        "count": "n",
        "en": {
            "one": "With {n} seed, the RNN's final test accuracy minus the CNN's is {diff:+.1f} points.",
            "other": (
                "Over {n} seeds, the RNN's final test accuracy minus the CNN's averages {diff:+.1f} points (95% "
                "interval {low:+.1f} to {high:+.1f})."
            ),
        },
        "es": {
            "one": "Con {n} semilla, la exactitud final en prueba de la RNN menos la de la CNN es {diff:+.1f} puntos.",
            "other": (
                "Con {n} semillas, la exactitud final en prueba de la RNN menos la de la CNN es, de media, {diff:+.1f} "
                "puntos (intervalo del 95 %: de {low:+.1f} a {high:+.1f})."
            ),
        },
    },
    "lab.seeds.significant": {
        "en": "{Ahead} is ahead by more than the seed noise: a paired t-test over the seeds gives {p}.",
        "es": (
            "{Ahead} va por delante más de lo que explica el ruido de la semilla: una prueba t pareada sobre las "
            "semillas da {p}."
        ),
    },
    "lab.seeds.noise": {
        "en": (
            "That is within the seed noise: a paired t-test over the seeds gives {p}, so these seeds do not show which "
            "model is better."
        ),
        "es": (
            "Eso cabe dentro del ruido de la semilla: una prueba t pareada sobre las semillas da {p}, así que estas "
            "semillas no muestran qué modelo es mejor."
        ),
    },
    "lab.mcnemar.differ": {
        "en": (
            "McNemar's test on the test clips of seed {seed} (only the RNN right on {b}, only the CNN right on {c}; "
            "{method}) gives {p}: in that run the two models err on different clips more often than chance would."
        ),
        "es": (
            "La prueba de McNemar sobre los clips de prueba de la semilla {seed} (solo la RNN acierta en {b}, solo la "
            "CNN en {c}; {method}) da {p}: en esa ejecución los dos modelos fallan en clips distintos más de lo que "
            "daría el azar."
        ),
    },
    "lab.mcnemar.same": {
        "en": (
            "McNemar's test on the test clips of seed {seed} (only the RNN right on {b}, only the CNN right on {c}; "
            "{method}) gives {p}: in that run their disagreements could be chance."
        ),
        "es": (
            "La prueba de McNemar sobre los clips de prueba de la semilla {seed} (solo la RNN acierta en {b}, solo la "
            "CNN en {c}; {method}) da {p}: en esa ejecución sus desacuerdos podrían deberse al azar."
        ),
    },
    "lab.mcnemar.method.exact": {"en": "exact binomial test", "es": "prueba binomial exacta"},
    "lab.mcnemar.method.chi2": {
        "en": "chi-square with continuity correction",
        "es": "chi cuadrado con corrección de continuidad",
    },
    # --- size sweep ---
    "lab.sweep.verdict": {
        "count": "n",
        "en": {
            "one": (
                "At the one matched size the RNN ends {gap:+.1f} points ahead of the CNN (a negative gap: behind). A "
                "gap that holds at every size points to the architecture; accuracy that climbs with size for both "
                "points to the size: try several sizes."
            ),
            "other": (
                "At {wins} of {n} matched sizes the RNN ends ahead; on average the RNN's accuracy minus the CNN's is "
                "{gap:+.1f} points. A gap that holds at every size points to the architecture; accuracy that climbs "
                "with size for both points to the size."
            ),
        },
        "es": {
            "one": (
                "En el único tamaño igualado la RNN termina {gap:+.1f} puntos por delante de la CNN (una diferencia "
                "negativa: por detrás). Una diferencia que se mantiene en todos los tamaños apunta a la arquitectura; "
                "una exactitud que sube con el tamaño en ambas apunta al tamaño: prueba varios tamaños."
            ),
            "other": (
                "En {wins} de {n} tamaños igualados la RNN termina por delante; de media, la exactitud de la RNN menos "
                "la de la CNN es {gap:+.1f} puntos. Una diferencia que se mantiene en todos los tamaños apunta a la "
                "arquitectura; una exactitud que sube con el tamaño en ambas apunta al tamaño."
            ),
        },
    },
    # --- does the model use time? ---
    "lab.order.uses": {
        "en": (
            "{Model} uses frame order: with the frames shuffled its accuracy changes by {shuffled:+.1f} points "
            "({p_shuffled}), reversed by {reversed:+.1f} points ({p_reversed}; McNemar against the original clips)."
        ),
        "es": (
            "{Model} usa el orden de los fotogramas: con los fotogramas barajados su exactitud cambia {shuffled:+.1f} "
            "puntos ({p_shuffled}) e invertidos {reversed:+.1f} puntos ({p_reversed}; McNemar frente a los clips "
            "originales)."
        ),
    },
    "lab.order.ignores": {
        "en": (
            "{Model} hardly uses frame order: shuffled frames change its accuracy by {shuffled:+.1f} points "
            "({p_shuffled}) and reversed frames by {reversed:+.1f} points ({p_reversed}), no more than chance; it "
            "judges a clip by what its frames contain, not by when."
        ),
        "es": (
            "{Model} apenas usa el orden de los fotogramas: barajarlos cambia su exactitud {shuffled:+.1f} puntos "
            "({p_shuffled}) e invertirlos {reversed:+.1f} puntos ({p_reversed}), no más que el azar; juzga un clip por "
            "lo que contienen sus fotogramas, no por cuándo aparece."
        ),
    },
    "lab.order.pair": {"en": "{a} / {b}", "es": "{a} / {b}"},
    "lab.order.pairs": {
        "en": (
            "On the demo data the classes {pairs} hold the same frames in opposite order, so on a group split only a "
            "model that uses order can tell them apart: look at their rows in the per-class drop."
        ),
        "es": (
            "En los datos de demostración las clases {pairs} tienen los mismos fotogramas en orden inverso, así que "
            "con una división por grupos solo un modelo que usa el orden puede distinguirlas: mira sus filas en la "
            "caída por clase."
        ),
    },
    "lab.order.random_split": {
        "en": (
            "This was measured on a random split, where clips of one group (same actor, same background) sit on both "
            "sides: a model can recognise the class from a background it saw in training, which hides how much it "
            "needs the order. Repeat it on the group split."
        ),
        "es": (
            "Esto se midió con una división aleatoria, en la que clips de un mismo grupo (mismo actor, mismo fondo) "
            "están a ambos lados: un modelo puede reconocer la clase por un fondo que vio al entrenar, lo que oculta "
            "cuánto necesita el orden. Repítelo con la división por grupos."
        ),
    },
    # --- leakage ---
    "lab.leakage.why": {
        "en": (
            "A random split puts clips of the same group (same actor, same background) on both sides, so a model can "
            "score by recognising a background it saw in training; the group split keeps every group on one side and "
            "measures what carries over to new people and places."
        ),
        "es": (
            "Una división aleatoria pone clips del mismo grupo (mismo actor, mismo fondo) a ambos lados, así que un "
            "modelo puede acertar reconociendo un fondo que vio al entrenar; la división por grupos deja cada grupo en "
            "un solo lado y mide lo que se generaliza a personas y lugares nuevos."
        ),
    },
    "lab.leakage.numbers": {
        "en": (
            "{Model}: {random:.1%} on the random split, {group:.1%} on the group split; the random split adds "
            "{gap:+.1f} points."
        ),
        "es": (
            "{Model}: {random:.1%} con la división aleatoria, {group:.1%} con la división por grupos; la división "
            "aleatoria suma {gap:+.1f} puntos."
        ),
    },
    # --- automatic discussion ---
    "lab.discuss.model": {
        "count": "epochs",
        "en": {
            "one": "{Model} ended at {final:.1%} after {epochs} epoch.",
            "other": "{Model} ended at {final:.1%} after {epochs} epochs.",
        },
        "es": {
            "one": "{Model} terminó en {final:.1%} tras {epochs} época.",
            "other": "{Model} terminó en {final:.1%} tras {epochs} épocas.",
        },
    },
    "lab.discuss.overfit.strong": {
        "en": (
            "It ends {gap:.1f} points higher on its training clips ({train:.1%}) than on the test clips ({final:.1%}): "
            "it overfits clearly, memorising training clips rather than learning what carries over."
        ),
        "es": (
            "Su exactitud termina {gap:.1f} puntos más alta en sus clips de entrenamiento ({train:.1%}) que en los de "
            "prueba ({final:.1%}): sobreajusta claramente, memoriza los clips de entrenamiento en lugar de aprender lo "
            "que se generaliza."
        ),
    },
    "lab.discuss.overfit.some": {
        "en": (
            "Its training accuracy ({train:.1%}) ends {gap:.1f} points above its test accuracy ({final:.1%}): a little "
            "overfitting."
        ),
        "es": (
            "Su exactitud de entrenamiento ({train:.1%}) termina {gap:.1f} puntos por encima de la de prueba "
            "({final:.1%}): un poco de sobreajuste."
        ),
    },
    "lab.discuss.overfit.none": {
        "en": "Its training and test accuracy end close ({train:.1%} and {final:.1%}): no sign of overfitting yet.",
        "es": (
            "Sus exactitudes de entrenamiento y de prueba terminan cerca ({train:.1%} y {final:.1%}): todavía no hay "
            "señales de sobreajuste."
        ),
    },
    "lab.discuss.loss_rises": {
        "en": (
            "Its test loss was lowest at epoch {epoch} and ended {rise:.0f}% higher: past that epoch it grew more "
            "confident on clips it gets wrong, a typical sign of overfitting."
        ),
        "es": (
            "Su pérdida en prueba fue mínima en la época {epoch} y terminó un {rise:.0f} % más alta: a partir de esa "
            "época se volvió más segura en clips que falla, una señal típica de sobreajuste."
        ),
    },
    "lab.discuss.overfit.loss_only": {
        "en": (
            "Its training and test accuracy end close ({train:.1%} and {final:.1%}), but its test loss was lowest at "
            "epoch {epoch} and ended {rise:.0f}% higher: it grew more confident on the clips it gets wrong, an early "
            "sign of overfitting."
        ),
        "es": (
            "Sus exactitudes de entrenamiento y de prueba terminan cerca ({train:.1%} y {final:.1%}), pero su pérdida "
            "en prueba fue mínima en la época {epoch} y terminó un {rise:.0f} % más alta: se volvió más segura en los "
            "clips que falla, una primera señal de sobreajuste."
        ),
    },
    "lab.discuss.params_equal": {
        "en": (
            "Both models have about the same number of parameters ({a:,} and {b:,}), so size does not explain the "
            "difference."
        ),
        "es": (
            "Los dos modelos tienen aproximadamente el mismo número de parámetros ({a:,} y {b:,}), así que el tamaño "
            "no explica la diferencia."
        ),
    },
    "lab.discuss.params": {
        "count": "big_params",
        "en": {
            "one": (
                "{Big} has {big_params:,} parameter, {ratio:.1f} times as many as {small} ({small_params:,}); part of "
                "any difference may come from size alone."
            ),
            "other": (
                "{Big} has {big_params:,} parameters, {ratio:.1f} times as many as {small} ({small_params:,}); part of "
                "any difference may come from size alone."
            ),
        },
        "es": {
            "one": (
                "{Big} tiene {big_params:,} parámetro, {ratio:.1f} veces los de {small} ({small_params:,}); parte de "
                "cualquier diferencia puede deberse solo al tamaño."
            ),
            "other": (
                "{Big} tiene {big_params:,} parámetros, {ratio:.1f} veces los de {small} ({small_params:,}); parte de "
                "cualquier diferencia puede deberse solo al tamaño."
            ),
        },
    },
    "lab.discuss.tie": {
        "en": "Both models end at the same test accuracy, {acc:.1%}.",
        "es": "Los dos modelos terminan con la misma exactitud en prueba, {acc:.1%}.",
    },
    "lab.discuss.ahead": {
        "en": "{Ahead} ends {gap:.1f} points ahead of {behind} ({a:.1%} against {b:.1%}).",
        "es": "{Ahead} termina {gap:.1f} puntos por delante de {behind} ({a:.1%} frente a {b:.1%}).",
    },
    "lab.discuss.mcnemar.differ": {
        "count": "n",
        "en": {
            "one": (
                "On this {n} test clip the difference is larger than chance (McNemar's test, {p}), but a single run "
                "says nothing about seed noise: repeat it with several seeds before concluding."
            ),
            "other": (
                "On these {n} test clips the difference is larger than chance (McNemar's test, {p}), but a single run "
                "says nothing about seed noise: repeat it with several seeds before concluding."
            ),
        },
        "es": {
            "one": (
                "En este {n} clip de prueba la diferencia es mayor que el azar (prueba de McNemar, {p}), pero una sola "
                "ejecución no dice nada del ruido de la semilla: repítela con varias semillas antes de concluir."
            ),
            "other": (
                "En estos {n} clips de prueba la diferencia es mayor que el azar (prueba de McNemar, {p}), pero una "
                "sola ejecución no dice nada del ruido de la semilla: repítela con varias semillas antes de concluir."
            ),
        },
    },
    "lab.discuss.mcnemar.same": {
        "count": "n",
        "en": {
            "one": (
                "On this {n} test clip the difference could be chance (McNemar's test, {p}): this run alone does not "
                "show that one model is better."
            ),
            "other": (
                "On these {n} test clips the difference could be chance (McNemar's test, {p}): this run alone does not "
                "show that one model is better."
            ),
        },
        "es": {
            "one": (
                "En este {n} clip de prueba la diferencia podría deberse al azar (prueba de McNemar, {p}): esta "
                "ejecución por sí sola no muestra que un modelo sea mejor."
            ),
            "other": (
                "En estos {n} clips de prueba la diferencia podría deberse al azar (prueba de McNemar, {p}): esta "
                "ejecución por sí sola no muestra que un modelo sea mejor."
            ),
        },
    },
    "lab.discuss.empty": {
        "en": "This run has no finished epoch yet, so there is nothing to discuss.",
        "es": "Esta ejecución aún no tiene ninguna época terminada, así que no hay nada que comentar.",
    },
    "lab.discuss.seeds": {
        "count": "n",
        "en": {"one": "These numbers come from {n} seed.", "other": "These numbers are means over {n} seeds."},
        "es": {"one": "Estas cifras salen de {n} semilla.", "other": "Estas cifras son medias sobre {n} semillas."},
    },
    "lab.discuss.interval": {
        "en": "{Model} ends at {mean:.1%} on average (95% interval {low:.1%} to {high:.1%}).",
        "es": "{Model} termina, de media, en {mean:.1%} (intervalo del 95 %: de {low:.1%} a {high:.1%}).",
    },
    # --- share a setup ---
    "lab.setup.course": {
        "en": (
            "The course notebook's RNN (891,147 parameters) against its CNN (5,185): the pair the exercise starts "
            "from, very different in size."
        ),
        "es": (
            "La RNN del cuaderno del curso (891 147 parámetros) frente a su CNN (5185): la pareja de la que parte el "
            "ejercicio, de tamaños muy distintos."
        ),
    },
    "lab.setup.course-cnn2": {
        "en": "The notebook's RNN against its wider CNN2 (660,289 parameters).",
        "es": "La RNN del cuaderno frente a su CNN2, más ancha (660 289 parámetros).",
    },
    "lab.setup.matched": {
        "en": (
            "The notebook's RNN against a temporal CNN of the same size (890,251 parameters): a fair comparison in "
            "size."
        ),
        "es": (
            "La RNN del cuaderno frente a una CNN temporal del mismo tamaño (890 251 parámetros): una comparación "
            "justa en tamaño."
        ),
    },
    "lab.setup.small": {
        "en": "A small GRU (32 units) against a temporal CNN of the same size: quick enough for a live demo.",
        "es": (
            "Una GRU pequeña (32 unidades) frente a una CNN temporal del mismo tamaño: lo bastante rápida para una "
            "demostración en directo."
        ),
    },
    # --- weights ---
    "lab.weights.frames": {
        "count": "trained",
        "en": {
            "one": "The models were trained on clips of {trained} frame and are evaluated on clips of {now}.",
            "other": "The models were trained on clips of {trained} frames and are evaluated on clips of {now}.",
        },
        "es": {
            "one": "Los modelos se entrenaron con clips de {trained} fotograma y se evalúan con clips de {now}.",
            "other": "Los modelos se entrenaron con clips de {trained} fotogramas y se evalúan con clips de {now}.",
        },
    },
    "lab.weights.names": {
        "en": "The class names differ from those of the training data; labels are compared by number.",
        "es": (
            "Los nombres de las clases difieren de los de los datos de entrenamiento; las etiquetas se comparan por "
            "número."
        ),
    },
    # --- command-line tables and messages ---
    "lab.col.model": {"en": "model", "es": "modelo"},
    "lab.col.params": {"en": "parameters", "es": "parámetros"},
    "lab.col.final": {"en": "final test acc", "es": "exactitud final en prueba"},
    "lab.col.interval": {"en": "95% interval", "es": "intervalo del 95 %"},
    "lab.col.best": {"en": "best-epoch test acc (optimistic)", "es": "exactitud de la mejor época (optimista)"},
    "lab.col.train": {"en": "final train acc", "es": "exactitud final de entrenamiento"},
    "lab.col.seed": {"en": "seed", "es": "semilla"},
    "lab.col.diff": {"en": "RNN - CNN (points)", "es": "RNN - CNN (puntos)"},
    "lab.col.hidden": {"en": "RNN hidden", "es": "unidades RNN"},
    "lab.col.width": {"en": "CNN width", "es": "ancho CNN"},
    "lab.col.rnn_acc": {"en": "RNN acc", "es": "exactitud RNN"},
    "lab.col.cnn_acc": {"en": "CNN acc", "es": "exactitud CNN"},
    "lab.col.rnn_params": {"en": "RNN params", "es": "parámetros RNN"},
    "lab.col.cnn_params": {"en": "CNN params", "es": "parámetros CNN"},
    "lab.col.model_column": {"en": "{model}: {column}", "es": "{model}: {column}"},
    "lab.col.pooling": {"en": "pooling", "es": "pooling"},
    "lab.col.original": {"en": "original", "es": "original"},
    "lab.col.shuffled": {"en": "shuffled", "es": "barajados"},
    "lab.col.reversed": {"en": "reversed", "es": "invertidos"},
    "lab.col.drop_shuffled": {"en": "drop shuffled", "es": "caída barajados"},
    "lab.col.drop_reversed": {"en": "drop reversed", "es": "caída invertidos"},
    "lab.col.p": {"en": "p", "es": "p"},
    "lab.col.class": {"en": "class", "es": "clase"},
    "lab.col.clips": {"en": "test clips", "es": "clips de prueba"},
    "lab.col.rnn_drop": {"en": "RNN drop (shuffled)", "es": "caída RNN (barajados)"},
    "lab.col.cnn_drop": {"en": "CNN drop (shuffled)", "es": "caída CNN (barajados)"},
    "lab.col.split": {"en": "split", "es": "división"},
    "lab.col.both_right": {"en": "both right", "es": "ambas aciertan"},
    "lab.col.rnn_only": {"en": "only RNN right", "es": "solo acierta la RNN"},
    "lab.col.cnn_only": {"en": "only CNN right", "es": "solo acierta la CNN"},
    "lab.col.both_wrong": {"en": "both wrong", "es": "ambas fallan"},
    "lab.col.method": {"en": "method", "es": "método"},
    "lab.col.statistic": {"en": "statistic", "es": "estadístico"},
    "lab.col.position": {"en": "position", "es": "posición"},
    "lab.col.index": {"en": "clip index", "es": "índice del clip"},
    "lab.col.key": {"en": "clip key", "es": "clave del clip"},
    "lab.col.accuracy": {"en": "accuracy", "es": "exactitud"},
    "lab.stopped": {  # the command line and the Lab page
        "count": "total",
        "en": {
            "one": "Stopped: {done} of {total} training finished; the results below use only those.",
            "other": "Stopped: {done} of {total} trainings finished; the results below use only those.",
        },
        "es": {
            "one": "Detenido: {done} de {total} entrenamiento terminado; los resultados de abajo usan solo esos.",
            "other": "Detenido: {done} de {total} entrenamientos terminados; los resultados de abajo usan solo esos.",
        },
    },
    "lab.cli.nothing": {
        "en": "Stopped before any training finished, so there is nothing to report.",
        "es": "Detenido antes de que terminara ningún entrenamiento, así que no hay nada que mostrar.",
    },
    "lab.cli.failures": {
        "count": "n",
        "en": {
            "one": "{n} test clip of class {true} was predicted as {pred} by {model}.",
            "other": "{n} test clips of class {true} were predicted as {pred} by {model}.",
        },
        "es": {
            "one": "{n} clip de prueba de la clase {true} fue clasificado como {pred} por {model}.",
            "other": "{n} clips de prueba de la clase {true} fueron clasificados como {pred} por {model}.",
        },
    },
    "lab.cli.saved": {
        "en": "Saved the weights of both models to {path}.",
        "es": "Pesos de los dos modelos guardados en {path}.",
    },
    "lab.cli.evaluated": {
        "count": "n",
        "en": {
            "one": "Evaluated {file} on {n} clip of {data} ({which}).",
            "other": "Evaluated {file} on {n} clips of {data} ({which}).",
        },
        "es": {
            "one": "Evaluado {file} con {n} clip de {data} ({which}).",
            "other": "Evaluado {file} con {n} clips de {data} ({which}).",
        },
    },
    "lab.cli.which.test": {
        "en": "the test clips of {split}, saved with the weights",
        "es": "los clips de prueba de {split}, guardados con los pesos",
    },
    "lab.cli.which.all": {
        "en": "every clip",
        "es": "todos los clips",
    },
    "lab.cli.per_class": {
        "en": "Per class, with the frames shuffled:",
        "es": "Por clase, con los fotogramas barajados:",
    },
    "lab.cli.per_seed": {
        "en": "Per seed:",
        "es": "Por semilla:",
    },
    # --- figures ---
    "lab.fig.band": {"en": "{model} 95% interval", "es": "{model} intervalo del 95 %"},
    "lab.fig.mean": {
        "count": "n",
        "en": {"one": "{model} ({n} seed)", "other": "{model} mean of {n} seeds"},
        "es": {"one": "{model} ({n} semilla)", "other": "{model} media de {n} semillas"},
    },
    "lab.fig.epoch": {"en": "epoch", "es": "época"},
    "lab.fig.accuracy": {"en": "accuracy", "es": "exactitud"},
    "lab.fig.loss": {"en": "loss", "es": "pérdida"},
    "lab.fig.seeds.test_acc": {
        "en": "Test accuracy over seeds",
        "es": "Exactitud en prueba a lo largo de las semillas",
    },
    "lab.fig.seeds.train_acc": {
        "en": "Training accuracy over seeds",
        "es": "Exactitud de entrenamiento a lo largo de las semillas",
    },
    "lab.fig.seeds.test_loss": {"en": "Test loss over seeds", "es": "Pérdida en prueba a lo largo de las semillas"},
    "lab.fig.seeds.train_loss": {
        "en": "Training loss over seeds",
        "es": "Pérdida de entrenamiento a lo largo de las semillas",
    },
    "lab.fig.params": {"en": "trainable parameters (log scale)", "es": "parámetros entrenables (escala logarítmica)"},
    "lab.fig.final_acc": {"en": "final test accuracy", "es": "exactitud final en prueba"},
    "lab.fig.sweep": {
        "en": "Accuracy against size, sizes matched pair by pair",
        "es": "Exactitud frente a tamaño, con tamaños igualados por parejas",
    },
    "lab.fig.pooling": {"en": "pooling over time", "es": "pooling en el tiempo"},
    "lab.fig.pooling_title": {"en": "Pooling: last, mean and max", "es": "Pooling: last, mean y max"},
    "lab.fig.order": {
        "en": "Accuracy on original, shuffled and reversed clips",
        "es": "Exactitud con clips originales, barajados e invertidos",
    },
    "lab.fig.drop": {"en": "accuracy lost", "es": "exactitud perdida"},
    "lab.fig.class_drop.shuffled": {
        "en": "Accuracy lost per class, frames shuffled",
        "es": "Exactitud perdida por clase, fotogramas barajados",
    },
    "lab.fig.class_drop.reversed": {
        "en": "Accuracy lost per class, frames reversed",
        "es": "Exactitud perdida por clase, fotogramas invertidos",
    },
    "lab.fig.split.random": {"en": "random split", "es": "división aleatoria"},
    "lab.fig.split.group": {"en": "group split", "es": "división por grupos"},
    "lab.fig.leakage": {"en": "The same models on two splits", "es": "Los mismos modelos con dos divisiones"},
    # --- the lab page ---
    "lab.page.title": {
        "en": "Lab: questions one run cannot answer",
        "es": "Laboratorio: preguntas que una sola ejecución no responde",
    },
    "lab.page.intro": {
        "en": (
            "A single run on a few hundred test clips cannot tell a real difference from luck. Each question below "
            "trains the models you set on the Models and Train pages several times and argues from the numbers."
        ),
        "es": (
            "Una sola ejecución con unos cientos de clips de prueba no distingue una diferencia real de la suerte. "
            "Cada pregunta de abajo entrena varias veces los modelos que configuraste en las páginas Modelos y "
            "Entrenar y argumenta a partir de las cifras."
        ),
    },
    "lab.page.question": {
        "en": "Question",
        "es": "Pregunta",
    },
    "lab.page.seeds.name": {
        "en": "Several seeds",
        "es": "Varias semillas",
    },
    "lab.page.sweep.name": {
        "en": "Size sweep",
        "es": "Barrido de tamaño",
    },
    "lab.page.pooling.name": {
        "en": "Pooling",
        "es": "Pooling",
    },
    "lab.page.order.name": {
        "en": "Does it use time?",
        "es": "¿Usa el tiempo?",
    },
    "lab.page.leakage.name": {
        "en": "Leakage",
        "es": "Fuga de información",
    },
    "lab.page.failures.name": {
        "en": "Which clips fail",
        "es": "Qué clips fallan",
    },
    "lab.page.share.name": {
        "en": "Share a setup",
        "es": "Compartir una configuración",
    },
    "lab.page.weights.name": {
        "en": "Saved models",
        "es": "Modelos guardados",
    },
    "lab.page.seeds.intro": {
        "en": (
            "Trains both models once per seed (new initial weights and batch order, same split) and asks whether their "
            "gap is larger than the spread between seeds."
        ),
        "es": (
            "Entrena los dos modelos una vez por semilla (nuevos pesos iniciales y orden de lotes, misma división) y "
            "pregunta si su diferencia es mayor que la dispersión entre semillas."
        ),
    },
    "lab.page.sweep.intro": {
        "en": (
            "Trains the RNN at several sizes and, for each, a CNN with the same number of parameters: is it the "
            "architecture or just the size?"
        ),
        "es": (
            "Entrena la RNN con varios tamaños y, para cada uno, una CNN con el mismo número de parámetros: ¿es la "
            "arquitectura o solo el tamaño?"
        ),
    },
    "lab.page.pooling.intro": {
        "en": (
            "Trains both models with each way of turning per-frame outputs into one vector: the last frame, the mean "
            "or the maximum over time."
        ),
        "es": (
            "Entrena los dos modelos con cada forma de convertir las salidas por fotograma en un solo vector: el "
            "último fotograma, la media o el máximo en el tiempo."
        ),
    },
    "lab.page.order.intro": {
        "en": (
            "Trains both models once, then tests them on the same clips with the frames shuffled and reversed: a model "
            "that uses order gets worse."
        ),
        "es": (
            "Entrena los dos modelos una vez y luego los evalúa con los mismos clips con los fotogramas barajados e "
            "invertidos: un modelo que usa el orden empeora."
        ),
    },
    "lab.page.leakage.intro": {
        "en": "Trains the same models on a random split and on a group split and puts the two results side by side.",
        "es": (
            "Entrena los mismos modelos con una división aleatoria y con una división por grupos y pone los dos "
            "resultados lado a lado."
        ),
    },
    "lab.page.seeds": {
        "en": "Seeds",
        "es": "Semillas",
    },
    "lab.page.seeds_help": {
        "en": (
            "How many times to train each model; more seeds give narrower intervals and a fairer verdict, but take "
            "longer."
        ),
        "es": (
            "Cuántas veces entrenar cada modelo; más semillas dan intervalos más estrechos y un veredicto más justo, "
            "pero tardan más."
        ),
    },
    "lab.page.sizes": {
        "en": "RNN hidden sizes",
        "es": "Tamaños ocultos de la RNN",
    },
    "lab.page.sizes_help": {
        "en": "Each size trains one RNN and one CNN resized to the same parameter count.",
        "es": "Cada tamaño entrena una RNN y una CNN redimensionada al mismo número de parámetros.",
    },
    "lab.page.poolings": {
        "en": "Poolings",
        "es": "Poolings",
    },
    "lab.page.poolings_help": {
        "en": "Each pooling trains both models once, turning their per-frame outputs into one vector that way.",
        "es": "Cada pooling entrena los dos modelos una vez, convirtiendo así sus salidas por fotograma en un vector.",
    },
    "lab.page.shuffle_seed": {
        "en": "Shuffle seed",
        "es": "Semilla del barajado",
    },
    "lab.page.shuffle_seed_help": {
        "en": "Fixes the shuffled order of each test clip's frames, so the test can be repeated exactly.",
        "es": "Fija el orden barajado de los fotogramas de cada clip de prueba, para repetir la prueba tal cual.",
    },
    "lab.page.start": {
        "en": "Run",
        "es": "Ejecutar",
    },
    "lab.page.queued": {
        "en": "Waiting for a free training slot: number {position} in line.",
        "es": "Esperando un hueco libre para entrenar: puesto {position} en la cola.",
    },
    "lab.page.stop": {
        "en": "Stop",
        "es": "Detener",
    },
    "lab.page.progress": {
        "en": "{pct} done · {seconds} s",
        "es": "{pct} hecho · {seconds} s",
    },
    "lab.page.curve": {
        "en": "Curve",
        "es": "Curva",
    },
    "lab.page.order_view": {
        "en": "Per class, frames",
        "es": "Por clase, fotogramas",
    },
    "lab.page.download_weights": {
        "en": "Download the trained models",
        "es": "Descargar los modelos entrenados",
    },
    "lab.page.download_weights_help": {
        "en": "A .pt file with both models' weights and configs; load it back under Saved models.",
        "es": (
            "Un archivo .pt con los pesos y las configuraciones de los dos modelos; vuelve a cargarlo en Modelos "
            "guardados."
        ),
    },
    "lab.page.no_runs": {
        "en": "Train both models on the Train page first; every run appears here.",
        "es": "Entrena primero los dos modelos en la página Entrenar; cada ejecución aparece aquí.",
    },
    "lab.page.run": {
        "en": "Run",
        "es": "Ejecución",
    },
    "lab.page.true": {
        "en": "True class",
        "es": "Clase real",
    },
    "lab.page.pred": {
        "en": "Predicted class",
        "es": "Clase predicha",
    },
    "lab.page.share.intro": {
        "en": (
            "This link opens the same data, split, models, training and language; or start from a named pair with "
            "one of the links below."
        ),
        "es": (
            "Este enlace abre los mismos datos, división, modelos, entrenamiento e idioma; o parte de una pareja con "
            "nombre con uno de los enlaces de abajo."
        ),
    },
    "lab.page.weights.intro": {
        "en": (
            "Load a .pt file saved by this app or by `python -m har lab weights save`; it is read safely (tensors "
            "only) and scored on the test clips saved with it, the clips its models never trained on."
        ),
        "es": (
            "Carga un archivo .pt guardado por esta aplicación o por `python -m har lab weights save`; se lee de forma "
            "segura (solo tensores) y se evalúa con los clips de prueba guardados con él, los que sus modelos nunca "
            "vieron al entrenar."
        ),
    },
    "lab.page.upload_weights": {
        "en": "Saved models (.pt)",
        "es": "Modelos guardados (.pt)",
    },
}
