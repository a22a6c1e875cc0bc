"""Text of the look inside the models (har/explain/): what each picture shows and cannot show, the edits' and the
explain command's errors, and its table headers."""

TEXT = {
    # --- models and what is attributed ---
    "explain.model.rnn": {"en": "the RNN", "es": "la RNN"},
    "explain.model.cnn": {"en": "the CNN", "es": "la CNN"},
    "explain.output.probability": {"en": "the probability of {name}", "es": "la probabilidad de {name}"},
    "explain.output.logit": {"en": "the score (logit) of {name}", "es": "la puntuación (logit) de {name}"},
    "explain.baseline.zeros": {"en": "a frame of zeros", "es": "un fotograma de ceros"},
    "explain.baseline.mean": {
        "en": "the mean frame of the training clips",
        "es": "el fotograma medio de los clips de entrenamiento",
    },
    "explain.baseline.neighbour": {"en": "the frame next to it", "es": "el fotograma de al lado"},
    "explain.ig_baseline.zeros": {"en": "a clip of zeros", "es": "un clip de ceros"},
    "explain.ig_baseline.mean": {
        "en": "a clip made of the training clips' mean frame",
        "es": "un clip hecho del fotograma medio de los clips de entrenamiento",
    },
    # --- what the pictures show, one sentence each ---
    "explain.probe.what": {
        "en": (
            "The bars are each model's probability for every class on this clip; edit the clip and both move together."
        ),
        "es": (
            "Las barras son la probabilidad que cada modelo da a cada clase en este clip; edita el clip y las dos se "
            "mueven a la vez."
        ),
    },
    "explain.note.occlusion": {
        "en": (
            "Each bar is how much {output} drops when that frame is replaced by {baseline}: a tall bar means the model "
            "needed that frame for this answer, a bar below zero that the answer got stronger without it."
        ),
        "es": (
            "Cada barra es cuánto baja {output} cuando ese fotograma se cambia por {baseline}: una barra alta quiere "
            "decir que el modelo necesitaba ese fotograma para esta respuesta; una barra bajo cero, que la respuesta "
            "se hizo más fuerte sin él."
        ),
    },
    "explain.note.occlusion_alone": {
        "en": (
            "Occlusion takes away one frame at a time, so two frames that can stand in for each other both look "
            "unimportant."
        ),
        "es": (
            "La oclusión quita un fotograma cada vez, así que dos fotogramas que pueden sustituirse entre sí parecen "
            "los dos poco importantes."
        ),
    },
    "explain.note.ig": {
        "en": (
            "Each bar is that frame's share of the change in {output} from {baseline} to this clip (Integrated "
            "Gradients, {steps} steps); the bars add up to the whole change of {change:+.3f}, up to the completeness "
            "error of {error:.1e}."
        ),
        "es": (
            "Cada barra es la parte de ese fotograma en el cambio de {output} desde {baseline} hasta este clip "
            "(gradientes integrados, {steps} pasos); las barras suman el cambio entero de {change:+.3f}, salvo el "
            "error de completitud de {error:.1e}."
        ),
    },
    "explain.note.ig_inexact": {
        "en": (
            "The completeness error is large next to the change ({error:.1e} of {change:+.3f}): the bars do not add "
            "up; raise the number of steps."
        ),
        "es": (
            "El error de completitud es grande frente al cambio ({error:.1e} de {change:+.3f}): las barras no cuadran; "
            "sube el número de pasos."
        ),
    },
    "explain.note.frames": {
        "count": "features",
        "en": {
            "one": "A frame's single feature has no meaning of its own, so only frames are shown.",
            "other": (
                "A frame's {features:,} features are outputs of an image network with no meaning of their own, so "
                "only frames are shown, each one summed over its features."
            ),
        },
        "es": {
            "one": (
                "La única característica de un fotograma no tiene significado propio, así que solo se muestran "
                "fotogramas."
            ),
            "other": (
                "Las {features:,} características de un fotograma son salidas de una red de imágenes sin significado "
                "propio, así que solo se muestran fotogramas, cada uno sumado sobre sus características."
            ),
        },
    },
    "explain.note.recurrent": {
        "en": (
            "Attributions of recurrent models are known to lean towards the first and last frames, where the GRU "
            "starts and ends its reading: a tall bar at an edge is weaker evidence than one in the middle."
        ),
        "es": (
            "Se sabe que las atribuciones de los modelos recurrentes se inclinan hacia el primer y el último "
            "fotograma, donde la GRU empieza y acaba de leer: una barra alta en un extremo prueba menos que una en "
            "el centro."
        ),
    },
    "explain.note.one_clip": {
        "en": (
            "The picture shows what moved this model's answer on this clip; it does not say what makes the action "
            "what it is, nor what the model does on other clips."
        ),
        "es": (
            "La imagen muestra qué movió la respuesta de este modelo en este clip; no dice qué hace que la acción sea "
            "la que es, ni qué hace el modelo con otros clips."
        ),
    },
    "explain.note.class_average": {
        "count": "n",
        "en": {
            "one": "The bars of the one test clip of {name}, attributed to its true class.",
            "other": "The bars averaged over the {n} test clips of {name}, each attributed to its true class.",
        },
        "es": {
            "one": "Las barras del único clip de prueba de {name}, atribuidas a su clase verdadera.",
            "other": (
                "Las barras promediadas sobre los {n} clips de prueba de {name}, cada uno atribuido a su clase "
                "verdadera."
            ),
        },
    },
    # --- the randomised-weights sanity check ---
    "explain.sanity.what": {
        "en": (
            "Beside it, the same attribution of a model of the same size that was never trained: an attribution that "
            "does not change when the weights are random is not explaining what the model learned."
        ),
        "es": (
            "Al lado, la misma atribución de un modelo del mismo tamaño que nunca se entrenó: una atribución que no "
            "cambia cuando los pesos son aleatorios no explica lo que el modelo aprendió."
        ),
    },
    "explain.sanity.differs": {
        "en": (
            "With untrained weights the frames rank differently (rank correlation {rho:.2f}): this picture depends "
            "on what the model learned."
        ),
        "es": (
            "Con pesos sin entrenar los fotogramas se ordenan de otra manera (correlación de rangos {rho:.2f}): esta "
            "imagen depende de lo que el modelo aprendió."
        ),
    },
    "explain.sanity.similar": {
        "en": (
            "With untrained weights the frames rank almost the same way (rank correlation {rho:.2f}): this picture "
            "shows how the model is built more than what it learned; do not read much into it."
        ),
        "es": (
            "Con pesos sin entrenar los fotogramas se ordenan casi igual (correlación de rangos {rho:.2f}): esta "
            "imagen muestra cómo está construido el modelo más que lo que aprendió; no saques mucho de ella."
        ),
    },
    "explain.sanity.flat": {
        "en": "One of the two pictures is flat (every frame the same), so they cannot be compared.",
        "es": "Una de las dos imágenes es plana (todos los fotogramas iguales), así que no se pueden comparar.",
    },
    # --- the GRU's memory and the CNN's feature maps ---
    "explain.memory.gru": {
        "en": (
            "The GRU's memory over the frames, one row per unit: the update gate near 1 keeps what it remembered, "
            "near 0 writes the new frame in; the reset gate says how much of the old memory the new content may read."
        ),
        "es": (
            "La memoria de la GRU a lo largo de los fotogramas, una fila por unidad: la puerta de actualización cerca "
            "de 1 guarda lo que recordaba, cerca de 0 escribe el fotograma nuevo; la puerta de reinicio dice cuánto "
            "de la memoria vieja puede leer el contenido nuevo."
        ),
    },
    "explain.memory.cnn": {
        "en": (
            "What the CNN's filters respond to over time: one row per filter of layer {layer}, one column per frame, "
            "before the frames are pooled into one vector."
        ),
        "es": (
            "A qué responden los filtros de la CNN a lo largo del tiempo: una fila por filtro de la capa {layer}, una "
            "columna por fotograma, antes de que los fotogramas se junten en un solo vector."
        ),
    },
    # --- the map ---
    "explain.map.what": {
        "en": (
            "Each dot is a test clip, placed by the vector {model} makes of it just before its last layer; the two "
            "axes keep {share:.0%} of how these vectors vary ({first:.0%} and {second:.0%}), so dots far apart "
            "differ, but dots close together may still differ in what the map leaves out."
        ),
        "es": (
            "Cada punto es un clip de prueba, colocado según el vector que {model} hace de él justo antes de su "
            "última capa; los dos ejes guardan el {share:.0%} de cómo varían esos vectores ({first:.0%} y "
            "{second:.0%}), así que puntos lejanos difieren, pero puntos cercanos pueden diferir en lo que el mapa "
            "deja fuera."
        ),
    },
    # --- the command line ---
    "explain.cli.clip": {
        "en": "Clip {key}: true class {true}; {seen}.",
        "es": "Clip {key}: clase verdadera {true}; {seen}.",
    },
    "explain.cli.test_clip": {
        "en": "a test clip (the models never trained on it)",
        "es": "un clip de prueba (los modelos nunca se entrenaron con él)",
    },
    "explain.cli.train_clip": {
        "en": "A TRAINING CLIP: the models learned from it",
        "es": "UN CLIP DE ENTRENAMIENTO: los modelos aprendieron de él",
    },
    "explain.cli.attributed": {
        "en": "Which frames mattered for {output} ({method}):",
        "es": "Qué fotogramas importaron para {output} ({method}):",
    },
    "explain.method.occlusion": {"en": "occlusion", "es": "oclusión"},
    "explain.method.ig": {"en": "Integrated Gradients", "es": "gradientes integrados"},
    "explain.cli.map_written": {
        "count": "n",
        "en": {
            "one": "Wrote the map of {n} test clip to {path}.",
            "other": "Wrote the map of {n} test clips to {path}.",
        },
        "es": {
            "one": "Mapa de {n} clip de prueba escrito en {path}.",
            "other": "Mapa de {n} clips de prueba escrito en {path}.",
        },
    },
    "explain.col.frame": {"en": "frame", "es": "fotograma"},
    "explain.col.class": {"en": "class", "es": "clase"},
    "explain.col.untrained": {"en": "{model} untrained", "es": "{model} sin entrenar"},
    # --- errors ---
    "error.explain.no_frame": {
        "count": "n",
        "en": {
            "one": "there is no frame {number}: the clip has a single frame, number 1.",
            "other": "there is no frame {number}: the clip has {n} frames, numbered 1 to {n}.",
        },
        "es": {
            "one": "no hay fotograma {number}: el clip tiene un solo fotograma, el 1.",
            "other": "no hay fotograma {number}: el clip tiene {n} fotogramas, numerados del 1 al {n}.",
        },
    },
    "error.explain.last_frame": {
        "en": "a clip needs at least one frame, so its last frame cannot be dropped.",
        "es": "un clip necesita al menos un fotograma, así que no se puede quitar el último.",
    },
    "error.explain.no_mean_frame": {
        "en": "the mean frame was not given; give the data set's mean frame, or use zeros instead.",
        "es": "no se dio el fotograma medio; da el fotograma medio del conjunto de datos, o usa ceros.",
    },
    "error.explain.no_other_clip": {
        "en": "swapping in a frame needs a second clip to take it from; choose one.",
        "es": "para cambiar un fotograma hace falta un segundo clip del que tomarlo; elige uno.",
    },
    "error.explain.other_features": {
        "en": (
            "the other clip's frames do not have as many features as this clip's ({found} against {expected}); take a "
            "clip of the same data set."
        ),
        "es": (
            "los fotogramas del otro clip no tienen tantas características como los de este ({found} frente a "
            "{expected}); toma un clip del mismo conjunto de datos."
        ),
    },
    "error.explain.frames_fixed": {
        "count": "found",
        "en": {
            "one": (
                "this model takes the frames as its input channels, exactly as many as it was trained on ({n}), so it "
                "cannot read a clip of {found} frame; dropping and repeating frames are off for it."
            ),
            "other": (
                "this model takes the frames as its input channels, exactly as many as it was trained on ({n}), so it "
                "cannot read a clip of {found} frames; dropping and repeating frames are off for it."
            ),
        },
        "es": {
            "one": (
                "este modelo toma los fotogramas como canales de entrada, exactamente tantos como en su entrenamiento "
                "({n}), así que no puede leer un clip de {found} fotograma; quitar y repetir fotogramas no está "
                "disponible para él."
            ),
            "other": (
                "este modelo toma los fotogramas como canales de entrada, exactamente tantos como en su entrenamiento "
                "({n}), así que no puede leer un clip de {found} fotogramas; quitar y repetir fotogramas no está "
                "disponible para él."
            ),
        },
    },
    "error.explain.no_neighbour": {
        "en": "a clip of one frame has no neighbouring frame; occlude with zeros or the mean frame instead.",
        "es": "un clip de un fotograma no tiene fotograma vecino; ocluye con ceros o con el fotograma medio.",
    },
    "error.explain.ig_neighbour": {
        "en": (
            "Integrated Gradients starts from a whole baseline clip, which the neighbouring frame is not; use "
            "`--baseline zeros` or `--baseline mean` with `--method ig`."
        ),
        "es": (
            "los gradientes integrados parten de un clip de referencia entero, y el fotograma vecino no lo es; usa "
            "`--baseline zeros` o `--baseline mean` con `--method ig`."
        ),
    },
    "error.explain.not_a_gru": {
        "en": "only a GRU has a hidden state and gates to show; choose the RNN.",
        "es": "solo una GRU tiene un estado oculto y puertas que mostrar; elige la RNN.",
    },
    "error.explain.not_a_temporal_cnn": {
        "en": (
            "only the temporal CNN has feature maps over time; the notebook CNN slides over the features, not over "
            "the frames."
        ),
        "es": (
            "solo la CNN temporal tiene mapas de características a lo largo del tiempo; la CNN del cuaderno se desliza "
            "sobre las características, no sobre los fotogramas."
        ),
    },
    "error.explain.nothing_asked": {
        "en": (
            "say what to explain: `--clip KEY` for one clip, `--map OUT.csv` for the map of the test clips, or both."
        ),
        "es": (
            "di qué explicar: `--clip KEY` para un clip, `--map OUT.csv` para el mapa de los clips de prueba, o los "
            "dos."
        ),
    },
    "error.explain.unknown_class": {
        "en": "there is no class {value}; choose one of {names}.",
        "es": "no hay ninguna clase {value}; elige una de {names}.",
    },
    "error.explain.no_clip": {
        "en": "there is no clip {key} in {data}; clip keys look like {example}.",
        "es": "no hay ningún clip {key} en {data}; las claves de los clips son como {example}.",
    },
}
