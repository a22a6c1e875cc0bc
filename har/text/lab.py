"""Text of the teaching lab: verdicts, the automatic discussion, link warnings, table headers."""

TEXT = {
    # --- model names inside sentences ---
    "lab.model.rnn": {"en": "the RNN", "es": "la RNN"},
    "lab.model.cnn": {"en": "the CNN", "es": "la CNN"},
    # --- several seeds ---
    "lab.seeds.no_pair": {
        "en": "The seed study needs both an RNN and a CNN to compare them.",
        "es": "El estudio de semillas necesita una RNN y una CNN para compararlas.",
    },
    "lab.seeds.one_seed": {
        "en": "With one seed, {ahead} leads (the RNN minus the CNN: {diff} points), but a single seed cannot tell a difference from noise; train at least two seeds, five is better.",
        "es": "Con una sola semilla, {ahead} va por delante (la RNN menos la CNN: {diff} puntos), pero una semilla no distingue una diferencia del ruido; entrena al menos dos semillas, mejor cinco.",
    },
    "lab.seeds.gap": {
        "en": "Over {n} seeds, the RNN's final test accuracy minus the CNN's averages {diff} points (95% interval {low} to {high}).",
        "es": "Con {n} semillas, la exactitud final en prueba de la RNN menos la de la CNN es, de media, {diff} puntos (intervalo del 95 %: de {low} a {high}).",
    },
    "lab.seeds.significant": {
        "en": "{Ahead} is ahead by more than the seed noise: a paired t-test over the seeds gives {p}.",
        "es": "{Ahead} va por delante más de lo que explica el ruido de la semilla: una prueba t pareada sobre las semillas da {p}.",
    },
    "lab.seeds.noise": {
        "en": "That is within the seed noise: a paired t-test over the seeds gives {p}, so these seeds do not show which model is better.",
        "es": "Eso cabe dentro del ruido de la semilla: una prueba t pareada sobre las semillas da {p}, así que estas semillas no muestran qué modelo es mejor.",
    },
    "lab.mcnemar.differ": {
        "en": "McNemar's test on the test clips of seed {seed} (only the RNN right on {b}, only the CNN right on {c}; {method}) gives {p}: in that run the two models err on different clips more often than chance would.",
        "es": "La prueba de McNemar sobre los clips de prueba de la semilla {seed} (solo la RNN acierta en {b}, solo la CNN en {c}; {method}) da {p}: en esa ejecución los dos modelos fallan en clips distintos más de lo que daría el azar.",
    },
    "lab.mcnemar.same": {
        "en": "McNemar's test on the test clips of seed {seed} (only the RNN right on {b}, only the CNN right on {c}; {method}) gives {p}: in that run their disagreements could be chance.",
        "es": "La prueba de McNemar sobre los clips de prueba de la semilla {seed} (solo la RNN acierta en {b}, solo la CNN en {c}; {method}) da {p}: en esa ejecución sus desacuerdos podrían deberse al azar.",
    },
    "lab.mcnemar.method.exact": {"en": "exact binomial test", "es": "prueba binomial exacta"},
    "lab.mcnemar.method.chi2": {
        "en": "chi-square with continuity correction",
        "es": "chi cuadrado con corrección de continuidad",
    },
    # --- size sweep ---
    "lab.sweep.verdict": {
        "en": "At {wins} of {n} matched sizes the RNN ends ahead; on average the RNN's accuracy minus the CNN's is {gap} points. A gap that holds at every size points to the architecture; accuracy that climbs with size for both points to the size.",
        "es": "En {wins} de {n} tamaños igualados la RNN termina por delante; de media, la exactitud de la RNN menos la de la CNN es {gap} puntos. Una diferencia que se mantiene en todos los tamaños apunta a la arquitectura; una exactitud que sube con el tamaño en ambas apunta al tamaño.",
    },
    # --- does the model use time? ---
    "lab.order.uses": {
        "en": "{Model} uses frame order: with the frames shuffled its accuracy changes by {shuffled} points ({p_shuffled}), reversed by {reversed} points ({p_reversed}; McNemar against the original clips).",
        "es": "{Model} usa el orden de los fotogramas: con los fotogramas barajados su exactitud cambia {shuffled} puntos ({p_shuffled}) e invertidos {reversed} puntos ({p_reversed}; McNemar frente a los clips originales).",
    },
    "lab.order.ignores": {
        "en": "{Model} hardly uses frame order: shuffled frames change its accuracy by {shuffled} points ({p_shuffled}) and reversed frames by {reversed} points ({p_reversed}), no more than chance; it judges a clip by what its frames contain, not by when.",
        "es": "{Model} apenas usa el orden de los fotogramas: barajarlos cambia su exactitud {shuffled} puntos ({p_shuffled}) e invertirlos {reversed} puntos ({p_reversed}), no más que el azar; juzga un clip por lo que contienen sus fotogramas, no por cuándo aparece.",
    },
    "lab.order.and": {"en": " and ", "es": " y "},
    "lab.order.pairs": {
        "en": "On the demo data the classes {pairs} hold the same frames in opposite order, so only a model that uses order can tell them apart: look at their rows in the per-class drop.",
        "es": "En los datos de demostración las clases {pairs} tienen los mismos fotogramas en orden inverso, así que solo un modelo que usa el orden puede distinguirlas: mira sus filas en la caída por clase.",
    },
    # --- leakage ---
    "lab.leakage.why": {
        "en": "A random split puts clips of the same group (same actor, same background) on both sides, so a model can score by recognising a background it saw in training; the group split keeps every group on one side and measures what carries over to new people and places.",
        "es": "Una división aleatoria pone clips del mismo grupo (mismo actor, mismo fondo) a ambos lados, así que un modelo puede acertar reconociendo un fondo que vio al entrenar; la división por grupos deja cada grupo en un solo lado y mide lo que se generaliza a personas y lugares nuevos.",
    },
    "lab.leakage.numbers": {
        "en": "{Model}: {random} on the random split, {group} on the group split; the random split adds {gap} points.",
        "es": "{Model}: {random} con la división aleatoria, {group} con la división por grupos; la división aleatoria suma {gap} puntos.",
    },
    # --- automatic discussion ---
    "lab.discuss.model": {
        "en": "{Model} reached its best test accuracy, {best}, at epoch {epoch} of {epochs}, and ended at {final}.",
        "es": "{Model} alcanzó su mejor exactitud en prueba, {best}, en la época {epoch} de {epochs}, y terminó en {final}.",
    },
    "lab.discuss.overfit.strong": {
        "en": "It ends {gap} points higher on its training clips ({train}) than on the test clips ({final}): it overfits clearly, memorising training clips rather than learning what carries over.",
        "es": "Su exactitud termina {gap} puntos más alta en sus clips de entrenamiento ({train}) que en los de prueba ({final}): sobreajusta claramente, memoriza los clips de entrenamiento en lugar de aprender lo que se generaliza.",
    },
    "lab.discuss.overfit.some": {
        "en": "Its training accuracy ({train}) ends {gap} points above its test accuracy ({final}): a little overfitting.",
        "es": "Su exactitud de entrenamiento ({train}) termina {gap} puntos por encima de la de prueba ({final}): un poco de sobreajuste.",
    },
    "lab.discuss.overfit.none": {
        "en": "Its training and test accuracy end close ({train} and {final}): no sign of overfitting yet.",
        "es": "Sus exactitudes de entrenamiento y de prueba terminan cerca ({train} y {final}): todavía no hay señales de sobreajuste.",
    },
    "lab.discuss.loss_rises": {
        "en": "Its test loss was lowest at epoch {epoch} and ended {rise}% higher: past that epoch it grew more confident on clips it gets wrong, a typical sign of overfitting.",
        "es": "Su pérdida en prueba fue mínima en la época {epoch} y terminó un {rise} % más alta: a partir de esa época se volvió más segura en clips que falla, una señal típica de sobreajuste.",
    },
    "lab.discuss.params_equal": {
        "en": "Both models have about the same number of parameters ({a} and {b}), so size does not explain the difference.",
        "es": "Los dos modelos tienen aproximadamente el mismo número de parámetros ({a} y {b}), así que el tamaño no explica la diferencia.",
    },
    "lab.discuss.params": {
        "en": "{Big} has {big_params} parameters, {ratio} times as many as {small} ({small_params}); part of any difference may come from size alone.",
        "es": "{Big} tiene {big_params} parámetros, {ratio} veces los de {small} ({small_params}); parte de cualquier diferencia puede deberse solo al tamaño.",
    },
    "lab.discuss.tie": {
        "en": "Both models end at the same test accuracy, {acc}.",
        "es": "Los dos modelos terminan con la misma exactitud en prueba, {acc}.",
    },
    "lab.discuss.ahead": {
        "en": "{Ahead} ends {gap} points ahead of {behind} ({a} against {b}).",
        "es": "{Ahead} termina {gap} puntos por delante de {behind} ({a} frente a {b}).",
    },
    "lab.discuss.mcnemar.differ": {
        "en": "On these {n} test clips the difference is larger than chance (McNemar's test, {p}), but a single run says nothing about seed noise: repeat it with several seeds before concluding.",
        "es": "En estos {n} clips de prueba la diferencia es mayor que el azar (prueba de McNemar, {p}), pero una sola ejecución no dice nada del ruido de la semilla: repítela con varias semillas antes de concluir.",
    },
    "lab.discuss.mcnemar.same": {
        "en": "On these {n} test clips the difference could be chance (McNemar's test, {p}): this run alone does not show that one model is better.",
        "es": "En estos {n} clips de prueba la diferencia podría deberse al azar (prueba de McNemar, {p}): esta ejecución por sí sola no muestra que un modelo sea mejor.",
    },
    "lab.discuss.empty": {
        "en": "This run has no finished epoch yet, so there is nothing to discuss.",
        "es": "Esta ejecución aún no tiene ninguna época terminada, así que no hay nada que comentar.",
    },
    "lab.discuss.seeds": {
        "en": "These numbers are means over {n} seeds.",
        "es": "Estas cifras son medias sobre {n} semillas.",
    },
    "lab.discuss.interval": {
        "en": "{Model} ends at {mean} on average (95% interval {low} to {high}).",
        "es": "{Model} termina, de media, en {mean} (intervalo del 95 %: de {low} a {high}).",
    },
    # --- share a setup ---
    "lab.share.bad": {
        "en": "The link's value \u201c{value}\u201d for {what} is not valid, so the default is used.",
        "es": "El valor \u201c{value}\u201d del enlace para {what} no es válido, así que se usa el valor por defecto.",
    },
    "lab.share.bad_preset": {
        "en": "The link names an unknown preset \u201c{value}\u201d (choose one of {valid}), so the default models are used.",
        "es": "El enlace nombra un preajuste desconocido, \u201c{value}\u201d (elige uno de {valid}), así que se usan los modelos por defecto.",
    },
    "lab.share.field.lang": {"en": "the language (en or es)", "es": "el idioma (en o es)"},
    "lab.share.field.data": {"en": "the data set (demo or ucf11)", "es": "el conjunto de datos (demo o ucf11)"},
    "lab.share.field.split": {"en": "the split (random or group)", "es": "la división (random o group)"},
    "lab.share.field.ss": {"en": "the split seed (a whole number, 0 or more)", "es": "la semilla de la división (un número entero, 0 o mayor)"},
    "lab.share.field.tf": {"en": "the test fraction (0.05 to 0.95)", "es": "la fracción de prueba (de 0.05 a 0.95)"},
    "lab.share.field.rh": {"en": "the RNN's hidden units (1 to 4096)", "es": "las unidades ocultas de la RNN (de 1 a 4096)"},
    "lab.share.field.rl": {"en": "the RNN's layers (1 to 8)", "es": "las capas de la RNN (de 1 a 8)"},
    "lab.share.field.rb": {"en": "the RNN's bidirectional switch (0 or 1)", "es": "el interruptor bidireccional de la RNN (0 o 1)"},
    "lab.share.field.rd": {"en": "the RNN's dropout (0 to 0.95)", "es": "el dropout de la RNN (de 0 a 0.95)"},
    "lab.share.field.rp": {"en": "the RNN's pooling (last, mean or max)", "es": "el pooling de la RNN (last, mean o max)"},
    "lab.share.field.cnn": {
        "en": "the CNN kind (temporal, notebook-cnn or notebook-cnn2)",
        "es": "el tipo de CNN (temporal, notebook-cnn o notebook-cnn2)",
    },
    "lab.share.field.cw": {
        "en": "the CNN's widths (1 to 8 whole numbers joined by '-', e.g. 64-32)",
        "es": "los anchos de la CNN (de 1 a 8 números enteros unidos por '-', p. ej. 64-32)",
    },
    "lab.share.field.ck": {"en": "the CNN's kernel size (1 to 9)", "es": "el tamaño del núcleo de la CNN (de 1 a 9)"},
    "lab.share.field.cd": {"en": "the CNN's dropout (0 to 0.95)", "es": "el dropout de la CNN (de 0 a 0.95)"},
    "lab.share.field.cp": {"en": "the CNN's pooling (last, mean or max)", "es": "el pooling de la CNN (last, mean o max)"},
    "lab.share.field.ep": {"en": "the epochs (1 to 500)", "es": "las épocas (de 1 a 500)"},
    "lab.share.field.lr": {"en": "the learning rate (above 0, at most 10)", "es": "la tasa de aprendizaje (mayor que 0, como mucho 10)"},
    "lab.share.field.bs": {"en": "the batch size (1 to 4096)", "es": "el tamaño de lote (de 1 a 4096)"},
    "lab.share.field.wd": {"en": "the weight decay (0 to 1)", "es": "el decaimiento de pesos (de 0 a 1)"},
    "lab.share.field.seed": {"en": "the training seed (a whole number, 0 or more)", "es": "la semilla de entrenamiento (un número entero, 0 o mayor)"},
    "lab.share.field.dev": {"en": "the device (auto, cpu or cuda)", "es": "el dispositivo (auto, cpu o cuda)"},
    "lab.setup.course": {
        "en": "The course notebook's RNN (891,147 parameters) against its CNN (5,185): the pair the exercise starts from, very different in size.",
        "es": "La RNN del cuaderno del curso (891 147 parámetros) frente a su CNN (5185): la pareja de la que parte el ejercicio, de tamaños muy distintos.",
    },
    "lab.setup.course-cnn2": {
        "en": "The notebook's RNN against its wider CNN2 (660,289 parameters).",
        "es": "La RNN del cuaderno frente a su CNN2, más ancha (660 289 parámetros).",
    },
    "lab.setup.matched": {
        "en": "The notebook's RNN against a temporal CNN of the same size (890,251 parameters): a fair comparison in size.",
        "es": "La RNN del cuaderno frente a una CNN temporal del mismo tamaño (890 251 parámetros): una comparación justa en tamaño.",
    },
    "lab.setup.small": {
        "en": "A small GRU (32 units) against a temporal CNN of the same size: quick enough for a live demo.",
        "es": "Una GRU pequeña (32 unidades) frente a una CNN temporal del mismo tamaño: lo bastante rápida para una demostración en directo.",
    },
    # --- weights ---
    "lab.weights.frames": {
        "en": "The models were trained on clips of {trained} frames and are evaluated on clips of {now}.",
        "es": "Los modelos se entrenaron con clips de {trained} fotogramas y se evalúan con clips de {now}.",
    },
    "lab.weights.names": {
        "en": "The class names differ from those of the training data; labels are compared by number.",
        "es": "Los nombres de las clases difieren de los de los datos de entrenamiento; las etiquetas se comparan por número.",
    },
    # --- command-line tables and messages ---
    "lab.col.model": {"en": 'model', "es": 'modelo'},
    "lab.col.params": {"en": 'parameters', "es": 'parámetros'},
    "lab.col.final": {"en": 'final test acc', "es": 'exactitud final en prueba'},
    "lab.col.interval": {"en": '95% interval', "es": 'intervalo del 95 %'},
    "lab.col.best": {"en": 'best test acc', "es": 'mejor exactitud en prueba'},
    "lab.col.train": {"en": 'final train acc', "es": 'exactitud final de entrenamiento'},
    "lab.col.seed": {"en": 'seed', "es": 'semilla'},
    "lab.col.diff": {"en": 'RNN - CNN (points)', "es": 'RNN - CNN (puntos)'},
    "lab.col.hidden": {"en": 'RNN hidden', "es": 'unidades RNN'},
    "lab.col.width": {"en": 'CNN width', "es": 'ancho CNN'},
    "lab.col.rnn_acc": {"en": 'RNN acc', "es": 'exactitud RNN'},
    "lab.col.cnn_acc": {"en": 'CNN acc', "es": 'exactitud CNN'},
    "lab.col.rnn_params": {"en": 'RNN params', "es": 'parámetros RNN'},
    "lab.col.cnn_params": {"en": 'CNN params', "es": 'parámetros CNN'},
    "lab.col.pooling": {"en": 'pooling', "es": 'pooling'},
    "lab.col.original": {"en": 'original', "es": 'original'},
    "lab.col.shuffled": {"en": 'shuffled', "es": 'barajados'},
    "lab.col.reversed": {"en": 'reversed', "es": 'invertidos'},
    "lab.col.drop_shuffled": {"en": 'drop shuffled', "es": 'caída barajados'},
    "lab.col.drop_reversed": {"en": 'drop reversed', "es": 'caída invertidos'},
    "lab.col.p": {"en": 'p', "es": 'p'},
    "lab.col.class": {"en": 'class', "es": 'clase'},
    "lab.col.clips": {"en": 'test clips', "es": 'clips de prueba'},
    "lab.col.rnn_drop": {"en": 'RNN drop (shuffled)', "es": 'caída RNN (barajados)'},
    "lab.col.cnn_drop": {"en": 'CNN drop (shuffled)', "es": 'caída CNN (barajados)'},
    "lab.col.split": {"en": 'split', "es": 'división'},
    "lab.col.both_right": {"en": 'both right', "es": 'ambas aciertan'},
    "lab.col.rnn_only": {"en": 'only RNN right', "es": 'solo acierta la RNN'},
    "lab.col.cnn_only": {"en": 'only CNN right', "es": 'solo acierta la CNN'},
    "lab.col.both_wrong": {"en": 'both wrong', "es": 'ambas fallan'},
    "lab.col.method": {"en": 'method', "es": 'método'},
    "lab.col.statistic": {"en": 'statistic', "es": 'estadístico'},
    "lab.col.position": {"en": 'position', "es": 'posición'},
    "lab.col.index": {"en": 'clip index', "es": 'índice del clip'},
    "lab.col.key": {"en": 'clip key', "es": 'clave del clip'},
    "lab.col.accuracy": {"en": 'accuracy', "es": 'exactitud'},
    "lab.cli.stopped": {
        "en": 'Stopped: {done} of {total} jobs finished; the results below use only those.',
        "es": 'Detenido: {done} de {total} trabajos terminados; los resultados de abajo usan solo esos.',
    },
    "lab.cli.nothing": {
        "en": 'Stopped before any job finished, so there is nothing to report.',
        "es": 'Detenido antes de que terminara ningún trabajo, así que no hay nada que mostrar.',
    },
    "lab.cli.failures": {
        "en": '{n} test clips of class {true} were predicted as {pred} by {model}.',
        "es": '{n} clips de prueba de la clase {true} fueron clasificados como {pred} por {model}.',
    },
    "lab.cli.saved": {
        "en": 'Saved the weights of both models to {path}.',
        "es": 'Pesos de los dos modelos guardados en {path}.',
    },
    "lab.cli.evaluated": {
        "en": 'Evaluated {file} on {n} clips of {data} ({which}).',
        "es": 'Evaluado {file} con {n} clips de {data} ({which}).',
    },
    "lab.cli.which.test": {
        "en": 'the test clips of the {split} split',
        "es": 'los clips de prueba de la división {split}',
    },
    "lab.cli.which.all": {
        "en": 'every clip',
        "es": 'todos los clips',
    },
    "lab.cli.per_class": {
        "en": 'Per class, with the frames shuffled:',
        "es": 'Por clase, con los fotogramas barajados:',
    },
    "lab.cli.per_seed": {
        "en": 'Per seed:',
        "es": 'Por semilla:',
    },
}
